using Activa.Activations.Learnable;
using Activa.IO;
using Activa.Nn;

namespace Activa.Tests.Learnable;

/// <summary>Checks shared by the learnable-activation tests: set mapping, state-dict and safetensors round trips.</summary>
internal static class LearnableTestSupport
{
    /// <summary>The sharing modes with a group count that divides <paramref name="channels"/>.</summary>
    public static IEnumerable<(ParameterSharing Sharing, int Groups)> Modes(int channels, int groups) =>
        [(ParameterSharing.Layer, 1), (ParameterSharing.Channel, 1), (ParameterSharing.Group, groups)];

    /// <summary>The parameter set of channel <paramref name="c"/>, written from the definition.</summary>
    public static int SetOf(ParameterSharing sharing, int channels, int groups, int c) => sharing switch
    {
        ParameterSharing.Layer => 0,
        ParameterSharing.Channel => c,
        _ => c / (channels / groups),
    };

    /// <summary>Number of sets.</summary>
    public static int SetCount(ParameterSharing sharing, int channels, int groups) => sharing switch
    {
        ParameterSharing.Layer => 1,
        ParameterSharing.Channel => channels,
        _ => groups,
    };

    /// <summary>Channel of flat element <paramref name="i"/> of a [N, C, inner] tensor.</summary>
    public static int ChannelOf(int i, int channels, int inner) => i / inner % channels;

    /// <summary>Bits of a tensor, for bit-exact comparisons.</summary>
    public static int[] Bits(Tensor t) => [.. t.ToArray().Select(BitConverter.SingleToInt32Bits)];

    /// <summary>
    /// Saves <paramref name="source"/>'s state (parameters and buffers), loads it into <paramref name="target"/>
    /// through <see cref="Module.LoadStateDict"/> and through a safetensors file, and checks every tensor bit-exact
    /// and the outputs on <paramref name="input"/> equal.
    /// </summary>
    public static void AssertRoundTrip(Module source, Func<Module> fresh, Tensor input)
    {
        var state = source.StateDict();
        var viaDict = fresh();
        viaDict.LoadStateDict(state.ToDictionary(p => p.Key, p => p.Value.Clone()));
        AssertSameState(source, viaDict);

        var dir = Directory.CreateTempSubdirectory("activa-learnable-").FullName;
        try
        {
            var path = Path.Combine(dir, "state.safetensors");
            SafeTensors.Save(path, state);
            var viaFile = fresh();
            viaFile.LoadStateDict(SafeTensors.Load(path).Tensors);
            AssertSameState(source, viaFile);
            source.Eval();
            viaFile.Eval();
            using (Tensor.NoGrad())
                Assert.Equal(Bits(source.Forward(input)), Bits(viaFile.Forward(input)));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void AssertSameState(Module a, Module b)
    {
        var sa = a.StateDict();
        var sb = b.StateDict();
        Assert.Equal(sa.Keys.Order(), sb.Keys.Order());
        foreach (var (name, t) in sa)
        {
            Assert.Equal(t.Shape.ToArray(), sb[name].Shape.ToArray());
            Assert.Equal(Bits(t), Bits(sb[name]));
        }
    }

    /// <summary>Overwrites every parameter of <paramref name="m"/> with U(lo, hi) values.</summary>
    public static void Randomize(Module m, Generator g, float lo = -0.5f, float hi = 0.5f)
    {
        using (Tensor.NoGrad())
            foreach (var p in m.Parameters()) p.CopyFrom(Tensor.Uniform(p.Shape.ToArray(), lo, hi, g));
    }
}
