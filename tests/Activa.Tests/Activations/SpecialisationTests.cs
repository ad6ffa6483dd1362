using Activa.Activations;

namespace Activa.Tests.Activations;

/// <summary>Activations registered as another one at fixed parameter values (SiLU = swish(beta=1), ...).</summary>
public class SpecialisationTests
{
    public static TheoryData<string> Names() => [.. Specialisation.All.Select(s => s.Info.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public void ASpecialisationKeepsItsNameAndComputesExactlyWhatTheGeneralActivationDoes(string name)
    {
        var special = Activation.SpecialisationOf(name)!;
        var act = Activation.Create(name);
        var general = Activation.Create(special.Spec);
        Assert.Equal(name, act.Info.Name);
        Assert.Equal(name, act.Spec);
        var x = Tensor.FromArray([.. Enumerable.Range(-200, 401).Select(i => i * 0.05f)], 401);
        Assert.Equal(general.Forward(x).ToArray(), act.Forward(x).ToArray());
        foreach (float v in new[] { -3f, -0.5f, 0f, 0.7f, 5.9f, 8f })
        {
            Assert.Equal(general.Derivative(v), act.Derivative(v));
            Assert.Equal(general.Reference(v), act.Reference(v));
        }
    }

    [Fact]
    public void TheNamedSpecialisationsStandForTheirGeneralForms()
    {
        Assert.Equal("swish(beta=1)", Activation.SpecialisationOf("silu")!.Spec);
        Assert.Equal("swish(beta=1.702)", Activation.SpecialisationOf("Quick_GELU")!.Spec);
        Assert.Equal("hard-tanh(min_val=0, max_val=6)", Activation.SpecialisationOf("relu6")!.Spec);
        Assert.Null(Activation.SpecialisationOf("swish"));
        Assert.Contains(Activation.Catalog, i => i.Name == "silu");
    }

    [Fact]
    public void ASpecialisationTakesNoParametersOfItsOwn()
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => Activation.Create("silu(beta=2)"));
        Assert.Contains("beta", e.Message);
    }
}

/// <summary>NaN in, NaN out, for the ops whose clamps use the native minimum and maximum (operand order matters).</summary>
public class NaNPropagationTests
{
    [Theory]
    [InlineData("silu")]
    [InlineData("swish(beta=2)")]
    [InlineData("relu6")]
    [InlineData("hard-tanh")]
    [InlineData("hard-tanh(min_val=-2, max_val=3)")]
    public void NaNStaysNaNOnEveryLanePath(string spec)
    {
        var act = Activation.Create(spec);
        Assert.True(float.IsNaN(act.Value(float.NaN)), $"{spec}(NaN) on the scalar path");
        var lanes = (ILanePaths)act;
        var x = Enumerable.Range(0, 37).Select(i => i % 5 == 0 ? float.NaN : i * 0.3f - 4f).ToArray();
        foreach (int width in new[] { 16, 8, 1 })
        {
            var y = new float[x.Length];
            lanes.ForwardLanes(x, y, width);
            for (int i = 0; i < x.Length; i++)
                Assert.True(float.IsNaN(x[i]) == float.IsNaN(y[i]), $"{spec} at {x[i]} with {width} lanes gave {y[i]}");
        }
    }
}
