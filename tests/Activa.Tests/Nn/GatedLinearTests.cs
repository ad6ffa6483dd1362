using Activa.Activations;
using Activa.Activations.Learnable;
using Activa.Kernels;
using Activa.Nn;
using static Activa.Tests.Nn.NnReference;
using static Activa.Tests.Ops.Reference;

namespace Activa.Tests.Nn;

/// <summary>
/// GatedLinear y = (x·Wᵀ + b) ⊙ gate(x·Vᵀ + c) with W, V stacked in one [2·out, in] weight, and Functional.Glu, against
/// double references of the GLU family (gates written from their formulas here).
/// </summary>
public class GatedLinearTests
{
    private static double Gate(string name, double z) => name switch
    {
        "sigmoid" => 1 / (1 + Math.Exp(-z)),
        "relu" => Math.Max(z, 0),
        "gelu" => 0.5 * z * (1 + RefMath.Erf(z / Math.Sqrt(2))),
        "silu" => z / (1 + Math.Exp(-z)),
        "identity" => z,
        "tanh" => Math.Tanh(z),
        _ => throw new ArgumentException(name),
    };

    /// <summary>[x, weight, bias?] → y for a gated linear layer.</summary>
    private static Func<double[][], double[]> Reference(string gate, int inF, int outF, bool bias) => a =>
    {
        var h = Linear(a[0], a[1], bias ? a[2] : null, inF, 2 * outF);
        return GluOf(h, outF, gate);
    };

    private static double[] GluOf(double[] h, int outF, string gate)
    {
        int rows = h.Length / (2 * outF);
        var y = new double[rows * outF];
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < outF; j++)
                y[r * outF + j] = h[r * 2 * outF + j] * Gate(gate, h[r * 2 * outF + outF + j]);
        return y;
    }

    public static TheoryData<string, bool, int[]> Cases() => new()
    {
        { "sigmoid", true, [4, 5] },
        { "relu", true, [4, 5] },
        { "gelu", false, [2, 3, 5] },
        { "silu", true, [2, 3, 5] },
        { "identity", true, [4, 5] },
        { "tanh", false, [4, 5] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ValuesAndGradientsMatchTheReference(string gate, bool bias, int[] shape)
    {
        var g = new Generator(30);
        const int outF = 27; // 16 + 8 + 3: every lane width
        var layer = new GatedLinear(5, outF, gate, bias, generator: g);
        var x = Uniform(g, -2, 2, shape);
        var reference = Reference(gate, 5, outF, bias);
        AssertClose(reference([Values(x), .. layer.Parameters().Select(Values)]), layer.Forward(x), rtol: 1e-5, atol: 1e-5);
        var small = new GatedLinear(3, 4, gate, bias, generator: g);
        var xs = gate == "relu" ? AwayFromZero(g, 0.2f, 1.5f, 3, 3) : Uniform(g, -2, 2, 3, 3);
        var opts = gate == "relu" ? new Autograd.GradCheckOptions(Step: 1e-3, RelativeTolerance: 2e-3, AbsoluteTolerance: 5e-4) : null;
        ModuleGradCheck.Check(small, xs, Reference(gate, 3, 4, bias), opts);
    }

    [Fact]
    public void PresetsPickTheirGates()
    {
        Assert.Equal("sigmoid", GatedLinear.Glu(2, 3).Gate);
        Assert.Equal("relu", GatedLinear.ReGlu(2, 3).Gate);
        Assert.Equal("gelu", GatedLinear.GeGlu(2, 3).Gate);
        Assert.Equal("silu", GatedLinear.SwiGlu(2, 3).Gate);
        Assert.Equal("identity", GatedLinear.Bilinear(2, 3, bias: false).Gate);
        var layer = GatedLinear.SwiGlu(4, 6);
        Assert.Equal([12, 4], layer.Weight.Shape.ToArray());
        Assert.Equal([12], layer.Bias!.Shape.ToArray());
        Assert.Null(GatedLinear.Bilinear(2, 3, bias: false).Bias);
        Assert.Equal("in=4, out=6, gate=silu, bias=True", layer.ExtraRepr());
        Assert.Equal("elu(alpha=0.5)", new GatedLinear(4, 6, "elu(alpha=0.5)").Gate);
    }

    [Fact]
    public void UnknownGateIsAnArgumentErrorWithSuggestions()
    {
        var e = Assert.Throws<ArgumentException>(() => new GatedLinear(4, 4, "sigmod"));
        Assert.Contains("sigmoid", e.Message);
        Assert.ThrowsAny<ArgumentException>(() => new GatedLinear(0, 4));
        Assert.Throws<ShapeMismatchException>(() => new GatedLinear(4, 2).Forward(Tensor.Zeros(3, 5)));
    }

    [Fact]
    public void FunctionalGluSplitsTheLastDimensionLikeTorch()
    {
        var g = new Generator(31);
        var h = Uniform(g, -3, 3, 2, 3, 8);
        AssertClose(GluOf(Values(h), 4, "sigmoid"), Functional.Glu(h), rtol: 1e-6, atol: 1e-7);
        AssertClose(GluOf(Values(h), 4, "gelu"), Functional.Glu(h, "gelu"), rtol: 1e-5, atol: 1e-6);
        Assert.Equal([2, 3, 4], Functional.Glu(h).Shape.ToArray());
        Assert.Throws<ShapeMismatchException>(() => Functional.Glu(Tensor.Zeros(2, 5)));
        // A non-contiguous input and the scalar fallback path (RReLU in evaluation form: its mean slope).
        var t = Uniform(g, -3, 3, 6, 2).Transpose(0, 1);
        AssertClose(GluOf(Values(t), 3, "sigmoid"), Functional.Glu(t), rtol: 1e-6, atol: 1e-7);
        var rrelu = Functional.Glu(h, "rrelu");
        var slope = (1 / 8.0 + 1 / 3.0) / 2;
        var hv = Values(h);
        var expected = new double[2 * 3 * 4];
        for (int r = 0; r < 6; r++)
            for (int j = 0; j < 4; j++)
            {
                double b = hv[r * 8 + 4 + j];
                expected[r * 4 + j] = hv[r * 8 + j] * (b >= 0 ? b : slope * b);
            }
        AssertClose(expected, rrelu, rtol: 1e-6, atol: 1e-7);
    }

    [Fact]
    public void LargeBatchesSplitAcrossWorkersMatch()
    {
        var g = new Generator(32);
        var h = Uniform(g, -3, 3, 700, 2 * 70);
        h.RequiresGrad = true;
        var y = Functional.Glu(h, "silu");
        AssertClose(GluOf(Values(h), 70, "silu"), y, rtol: 1e-5, atol: 1e-6);
        var w = Uniform(g, -1, 1, 700, 70);
        y.Mul(w).Sum().Backward();
        var hv = Values(h);
        var wv = Values(w);
        var grad = Values(h.Grad!);
        for (int r = 0; r < 700; r += 97)
            for (int j = 0; j < 70; j += 7)
            {
                double a = hv[r * 140 + j], b = hv[r * 140 + 70 + j], s = 1 / (1 + Math.Exp(-b));
                Assert.Equal(wv[r * 70 + j] * b * s, grad[r * 140 + j], 1e-5);
                Assert.Equal(wv[r * 70 + j] * a * (s + b * s * (1 - s)), grad[r * 140 + 70 + j], 1e-5);
            }
    }

    [Fact]
    public void AnyModuleCanGateIncludingLearnableActivations()
    {
        var g = new Generator(33);
        var pau = new Pau(4, init: "sigmoid");
        var layer = new GatedLinear(3, 4, pau, generator: g);
        Assert.Same(pau, layer.GateModule);
        Assert.Equal(["weight", "bias", "gate.numerator", "gate.denominator"], layer.NamedParameters().Select(p => p.Name));
        var x = Uniform(g, -1, 1, 5, 3);
        var fixedGate = new GatedLinear(3, 4, "sigmoid");
        fixedGate.LoadStateDict(new Dictionary<string, Tensor> { ["weight"] = layer.Weight, ["bias"] = layer.Bias! });
        AssertClose(Values(fixedGate.Forward(x)), layer.Forward(x), rtol: 1e-4, atol: 1e-5); // the PAU fits σ to ~5e-9
        ModuleGradCheck.Check(layer, x, a =>
        {
            var h = Linear(a[0], a[1], a[2], 3, 8);
            var y = new double[5 * 4];
            for (int r = 0; r < 5; r++)
                for (int j = 0; j < 4; j++)
                {
                    double z = h[r * 8 + 4 + j], p = 0, q = 0;
                    for (int i = 0; i <= 5; i++) p += a[3][i] * Math.Pow(z, i);
                    for (int k = 1; k <= 4; k++) q += a[4][k - 1] * Math.Pow(z, k);
                    y[r * 4 + j] = h[r * 8 + j] * p / (1 + Math.Abs(q));
                }
            return y;
        });
    }

    [Fact]
    public void StateRoundTrips()
    {
        var layer = GatedLinear.GeGlu(4, 5, generator: new Generator(3));
        var copy = GatedLinear.GeGlu(4, 5);
        copy.LoadStateDict(layer.StateDict());
        var x = Uniform(new Generator(4), -1, 1, 2, 4);
        Assert.Equal(layer.Forward(x).ToArray(), copy.Forward(x).ToArray());
    }
}
