using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Activa.Tests.Onnx;

/// <summary>Runs an exported model in ONNX Runtime and compares its output with Activa's within 1e-5 (absolute plus relative).</summary>
internal static class OnnxCheck
{
    /// <summary>The named output of <paramref name="onnx"/> for the given inputs.</summary>
    public static float[] Run(byte[] onnx, string output, params NamedOnnxValue[] inputs)
    {
        using var session = new InferenceSession(onnx);
        using var results = session.Run(inputs);
        return results.Single(r => r.Name == output).AsEnumerable<float>().ToArray();
    }

    /// <summary>A float input of <paramref name="x"/>'s shape and values.</summary>
    public static NamedOnnxValue Float(string name, Tensor x) => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(x.ToArray(), x.Shape.ToArray()));

    /// <summary>An int64 input.</summary>
    public static NamedOnnxValue Int64(string name, long[] values, params int[] shape) => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<long>(values, shape));

    /// <summary>Asserts |expected − actual| ≤ 1e-5·(1 + |expected|) everywhere.</summary>
    public static void Same(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5 + 1e-5 * Math.Abs(expected[i]), $"output {i}: Activa {expected[i]}, ONNX Runtime {actual[i]}");
    }

    /// <summary>Moves every parameter of <paramref name="model"/> by U(±<paramref name="spread"/>), as training would, and sets evaluation mode.</summary>
    public static void Perturb(Activa.Nn.Module model, ulong seed, float spread = 0.2f)
    {
        var noise = new Generator(seed);
        using (Tensor.NoGrad())
            foreach (var p in model.Parameters()) p.CopyFrom(p.Add(Tensor.Uniform(p.Shape.ToArray(), -spread, spread, noise)));
        model.Eval();
    }
}
