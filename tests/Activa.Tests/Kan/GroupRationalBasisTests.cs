using Activa.Activations;
using Activa.Kan;
using Activa.Tests.Nn;

namespace Activa.Tests.Kan;

public class GroupRationalBasisTests
{
    /// <summary>P(x)/Q(x) with Q = 1 + Σ|b_j||x|ʲ, term by term in double.</summary>
    private static double Rational(double x, ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double p = 0, q = 1;
        for (int i = 0; i < a.Length; i++) p += a[i] * Math.Pow(x, i);
        for (int j = 0; j < b.Length; j++) q += Math.Abs(b[j]) * Math.Pow(Math.Abs(x), j + 1);
        return p / q;
    }

    /// <summary>The reference of input <paramref name="p"/> from the numerator and denominator arrays as GradCheck passes them.</summary>
    private static double[] Reference(GroupRationalBasis basis, double[] a, double[] b, int p, double x)
    {
        int g = basis.GroupOf(p);
        return [Rational(x, a, b.AsSpan(g * 4, 4))];
    }

    /// <summary>Sets the coefficients to random values away from 0 (|b| has a kink there), distinct per group.</summary>
    private static void Randomise(GroupRationalBasis basis, Generator g)
    {
        using (Tensor.NoGrad())
        {
            basis.Numerator.CopyFrom(Tensor.Uniform([1, 6], -0.5f, 0.5f, g));
            var b = Tensor.Uniform([basis.Groups, 4], 0.1f, 0.6f, g).ToArray();
            var sign = Tensor.Uniform([b.Length], -1f, 1f, g).ToArray();
            for (int i = 0; i < b.Length; i++) b[i] *= sign[i] < 0 ? -1 : 1;
            basis.Denominator.CopyFrom(Tensor.FromArray(b, basis.Groups, 4));
        }
    }

    private static double[] D(Tensor t) => [.. t.ToArray().Select(v => (double)v)];

    [Fact]
    public void ValuesAreTheSharedNumeratorOverEachGroupsDenominator()
    {
        var basis = new GroupRationalBasis(6, 3);
        Randomise(basis, new Generator(20));
        Assert.Equal(1, basis.Size);
        var x = Tensor.Uniform([5, 6], -2.5f, 2.5f, new Generator(21));
        double[] a = D(basis.Numerator), b = D(basis.Denominator);
        KanBasisTestKit.AssertValues(basis, x, (p, v) => Reference(basis, a, b, p, v));
        Assert.Equal(Rational(0.7, a, b.AsSpan(8, 4)), basis.Evaluate(0.7, 2), 1e-12);
    }

    [Theory]
    [InlineData(8, 4, new[] { 0, 0, 1, 1, 2, 2, 3, 3 })]
    [InlineData(5, 2, new[] { 0, 0, 0, 1, 1 })]
    [InlineData(7, 3, new[] { 0, 0, 0, 1, 1, 2, 2 })]
    [InlineData(3, 8, new[] { 0, 1, 2 })]
    [InlineData(4, 1, new[] { 0, 0, 0, 0 })]
    public void InputsAreSplitIntoContiguousGroups(int inputs, int groups, int[] expected)
    {
        var basis = new GroupRationalBasis(inputs, groups);
        Assert.Equal(expected, Enumerable.Range(0, inputs).Select(basis.GroupOf));
        Assert.Equal(Math.Min(groups, inputs), basis.Groups);
        Assert.Equal(new[] { basis.Groups, 4 }, basis.Denominator.Shape.ToArray());
        Assert.Equal(new[] { 1, 6 }, basis.Numerator.Shape.ToArray());
        Assert.Equal($"grkan(groups={basis.Groups}, init=gelu)", basis.Spec);
    }

    [Fact]
    public void InitialisedToTheIdentityOrToGelu()
    {
        var x = Tensor.FromArray([.. Enumerable.Range(0, 61).Select(i => -3f + 0.1f * i)], 61, 1);
        var xs = x.ToArray();
        var identity = new GroupRationalBasis(1, init: "identity").Features(x, false).ToArray();
        for (int i = 0; i < xs.Length; i++) Assert.Equal(xs[i], identity[i], 1e-5f);
        var gelu = Activation.Create("gelu");
        var fitted = new GroupRationalBasis(1).Features(x, false).ToArray();
        double worst = Enumerable.Range(0, xs.Length).Max(i => Math.Abs(fitted[i] - gelu.Reference(xs[i])));
        Assert.True(worst < 1e-2, $"max |F − GELU| on [−3, 3]: {worst}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void GradientsWithRespectToInputsAndCoefficientsMatchTheDoubleReference(bool withBase)
    {
        var basis = new GroupRationalBasis(4, 2);
        Randomise(basis, new Generator(22));
        var x = Tensor.Uniform([3, 4], -2f, 2f, new Generator(23));
        KanBasisTestKit.GradCheck(basis, x, withBase, (arrays, p, v) => Reference(basis, arrays[1], arrays[2], p, v));
    }

    [Fact]
    public void ALayerOnTheBasisPassesItsGradCheck()
    {
        var basis = new GroupRationalBasis(4, 2);
        Randomise(basis, new Generator(24));
        var layer = new KanLayer(4, 3, basis, generator: new Generator(25));
        Assert.False(layer.BaseBranch);
        Assert.Equal(1, layer.EdgeWidth);
        Assert.Equal(4 * 3 + 3 + 6 + 2 * 4, layer.ParameterCount);
        var x = Tensor.Uniform([5, 4], -2f, 2f, new Generator(26));
        ModuleGradCheck.Check(layer, x, options: new Autograd.GradCheckOptions(Step: 1e-3, RelativeTolerance: 1e-2, AbsoluteTolerance: 1e-3));
    }

    [Fact]
    public void ExtremeInputsAreFiniteAndHeldAtTheClamp()
    {
        var basis = new GroupRationalBasis(1);
        KanBasisTestKit.AssertExtremeInputsAreFinite(basis);
        var f = basis.Features(Tensor.FromArray([1e6f, 1e30f, float.PositiveInfinity, -1e6f, float.NegativeInfinity], 5, 1), false).ToArray();
        Assert.Equal(f[0], f[1]);
        Assert.Equal(f[0], f[2]);
        Assert.Equal(f[3], f[4]);
    }

    [Fact]
    public void SelectKeepsEachInputsGroupAndSavesLoadsIntoAFreshBasis()
    {
        var basis = new GroupRationalBasis(8, 4);
        Randomise(basis, new Generator(27));
        int[] keep = [7, 0, 3, 1];
        KanBasisTestKit.AssertSelectKeepsValues(basis, keep, new Generator(28));
        var small = (GroupRationalBasis)basis.Select(keep);
        // Groups of the kept inputs: 3, 0, 1, 0 → renumbered by first use 0, 1, 2, 1.
        Assert.Equal(3, small.Groups);
        Assert.Equal([0, 1, 2, 1], Enumerable.Range(0, 4).Select(small.GroupOf));
        Assert.Equal(basis.Numerator.ToArray(), small.Numerator.ToArray());
        Assert.Equal(basis.Denominator.ToArray()[12..16], small.Denominator.ToArray()[..4]);
        Assert.Equal("grkan(groups=3, init=gelu)", small.Spec);
        // A checkpoint of the pruned basis loads into the basis its spec builds (the group buffer travels with it).
        var fresh = KanBases.Create(small.Spec, small.Inputs);
        fresh.LoadStateDict(small.StateDict());
        var x = Tensor.Uniform([6, 4], -2f, 2f, new Generator(29));
        Assert.Equal(small.Features(x, false).ToArray(), fresh.Features(x, false).ToArray());
    }

    [Fact]
    public void ADamagedGroupBufferIsReported()
    {
        var basis = new GroupRationalBasis(4, 2);
        using (Tensor.NoGrad()) basis.Group.AsSpan()[2] = 5f;
        var error = Assert.Throws<InvalidOperationException>(() => basis.Features(Tensor.Zeros(1, 4), false)).Message;
        Assert.Contains("group of input 2 is 5", error);
    }

    [Fact]
    public void SpecRoundTripsAndOptionsAreChecked()
    {
        var basis = KanBases.Create("grkan(groups=2, init=identity)", 6);
        Assert.Equal("grkan(groups=2, init=identity)", basis.Spec);
        Assert.False(basis.DefaultBaseBranch);
        KanBasisTestKit.AssertSpecRoundTrips(basis);
        KanBasisTestKit.AssertSpecRoundTrips(KanBases.Create("grkan", 16));
        KanBases.Validate("grkan(groups=8)"); // the one-input check reduces the groups instead of failing
        Assert.Contains("'groups' must be an integer in [1, 65536]", Assert.Throws<ArgumentException>(() => KanBases.Create("grkan(groups=0)", 4)).Message);
        Assert.Contains("'init' must be one of identity, gelu", Assert.Throws<ArgumentException>(() => KanBases.Create("grkan(init=relu)", 4)).Message);
        Assert.Contains("'init' must be one of", Assert.Throws<ArgumentException>(() => new GroupRationalBasis(4, 2, "tanh")).Message);
    }

    [Theory]
    [InlineData("gelu", 1e-3f)]
    [InlineData("identity", 2e-3f)]
    public void AOneEdgeLayerFitsSinPi(string init, float bound)
    {
        float mse = KanBasisTestKit.FitSinPi(new GroupRationalBasis(1, init: init));
        Assert.True(mse < bound, $"MSE {mse}");
    }
}
