using Activa.Nn;
using static Activa.Tests.Nn.NnReference;
using static Activa.Tests.Ops.Reference;

namespace Activa.Tests.Nn;

/// <summary>Linear: y = x·Wᵀ + b against a double reference, gradients of input, weight and bias, shapes and errors.</summary>
public class LinearTests
{
    private static void AssertMatchesReference(Linear layer, Tensor x)
    {
        var y = layer.Forward(x);
        var dims = x.Shape.ToArray();
        dims[^1] = layer.OutFeatures;
        AssertShape(dims, y);
        double[]? b = layer.Bias == null ? null : D(layer.Bias);
        var expected = NnReference.Linear(D(x), D(layer.Weight), b, layer.InFeatures, layer.OutFeatures);
        var scale = LinearAbs(D(x), D(layer.Weight), b, layer.InFeatures, layer.OutFeatures);
        var actual = D(y);
        for (int i = 0; i < expected.Length; i++)
            // float dot product of length in (+ bias): |error| ≤ (in + 1)·u·Σ|terms|, u = 2⁻²⁴, with a 2× margin
            Assert.True(Math.Abs(actual[i] - expected[i]) <= (layer.InFeatures + 1) * 1.2e-7 * scale[i] + 1e-9,
                $"element {i}: expected {expected[i]}, got {actual[i]}");
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(5, 7, 4)]
    [InlineData(33, 65, 17)]
    public void ForwardMatchesReference(int rows, int inF, int outF)
    {
        var g = new Generator(100);
        var layer = new Linear(inF, outF, generator: g);
        AssertMatchesReference(layer, Uniform(g, -2, 2, rows, inF));
    }

    [Fact]
    public void ForwardWithoutBias()
    {
        var g = new Generator(101);
        var layer = new Linear(6, 3, bias: false, generator: g);
        Assert.Null(layer.Bias);
        Assert.Equal(["weight"], layer.NamedParameters().Select(p => p.Name));
        AssertMatchesReference(layer, Uniform(g, -1, 1, 4, 6));
    }

    [Fact]
    public void LeadingDimensionsAreBatch()
    {
        var g = new Generator(102);
        var layer = new Linear(5, 3, generator: g);
        AssertMatchesReference(layer, Uniform(g, -1, 1, 2, 3, 5));
        // a single vector [in] maps to [out]
        AssertMatchesReference(layer, Uniform(g, -1, 1, 5));
    }

    [Fact]
    public void NonContiguousInput()
    {
        var g = new Generator(103);
        var layer = new Linear(4, 3, generator: g);
        var x = Uniform(g, -1, 1, 4, 6).T; // [6, 4], transposed view
        Assert.False(x.IsContiguous);
        AssertMatchesReference(layer, x);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void InputWeightAndBiasGradients(bool bias)
    {
        var g = new Generator(104);
        const int inF = 5, outF = 3;
        var layer = new Linear(inF, outF, bias, generator: g);
        ModuleGradCheck.Check(layer, Uniform(g, -1, 1, 4, inF),
            d => NnReference.Linear(d[0], d[1], bias ? d[2] : null, inF, outF));
    }

    [Fact]
    public void GradientsOfBatchedInputSumOverRows()
    {
        var g = new Generator(105);
        var layer = new Linear(3, 2, generator: g);
        ModuleGradCheck.Check(layer, Uniform(g, -1, 1, 2, 3, 3), d => NnReference.Linear(d[0], d[1], d[2], 3, 2));
    }

    [Fact]
    public void ParametersHavePyTorchLayoutAndNames()
    {
        var layer = new Linear(7, 4, generator: new Generator(1));
        Assert.Equal([4, 7], layer.Weight.Shape.ToArray());
        Assert.Equal([4], layer.Bias!.Shape.ToArray());
        Assert.Equal(["weight", "bias"], layer.NamedParameters().Select(p => p.Name));
        Assert.All(layer.Parameters(), p => Assert.True(p.RequiresGrad));
        Assert.Equal(7 * 4 + 4, layer.ParameterCount);
        Assert.Equal("Linear(in=7, out=4, bias=True)", layer.ToString());
    }

    [Fact]
    public void SameSeedSameWeights()
    {
        var a = new Linear(9, 5, generator: new Generator(42));
        var b = new Linear(9, 5, generator: new Generator(42));
        var c = new Linear(9, 5, generator: new Generator(43));
        Assert.Equal(a.Weight.ToArray(), b.Weight.ToArray());
        Assert.Equal(a.Bias!.ToArray(), b.Bias!.ToArray());
        Assert.NotEqual(a.Weight.ToArray(), c.Weight.ToArray());
    }

    [Fact]
    public void WrongInputWidthThrows()
    {
        var layer = new Linear(4, 2, generator: new Generator(1));
        Assert.Throws<ShapeMismatchException>(() => layer.Forward(Tensor.Zeros(3, 5)));
        Assert.Throws<ShapeMismatchException>(() => layer.Forward(Tensor.Scalar(1f)));
    }

    [Theory]
    [InlineData(0, 3)]
    [InlineData(3, 0)]
    [InlineData(-1, 3)]
    public void NonPositiveSizesThrow(int inF, int outF) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Linear(inF, outF));
}
