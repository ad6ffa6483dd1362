using Activa.Autograd;
using Activa.Nn;
using Activa.Tests.Nn;
using static Activa.Tests.Forecasting.ModelsReference;
using static Activa.Tests.Ops.Reference;

namespace Activa.Tests.Forecasting;

/// <summary>
/// The layers of the forecasting models (HIE, gated fusion, PGN, GRU, RevIn, moving average, softmax gated attention)
/// against double references written from their formulas, with gradient checks of inputs and parameters.
/// </summary>
public class ModelsLayerTests
{
    [Theory]
    [InlineData(2, 6, 2, 3, 5)]   // window = T − 1: all previous steps
    [InlineData(3, 7, 1, 4, 2)]   // a short window
    [InlineData(1, 1, 2, 2, 1)]   // one step: only the bias
    [InlineData(2, 20, 2, 3, 19)] // three blocks of steps (8, 8, 4)
    [InlineData(2, 21, 1, 2, 5)]  // three blocks, a window shorter than a block
    public void CausalWindowLinearMatchesTheReference(int n, int steps, int din, int dout, int window)
    {
        var g = new Generator(1400);
        var layer = new CausalWindowLinear(din, dout, window, g);
        var x = Uniform(g, -2, 2, n, steps, din);
        Func<double[][], double[]> reference = a => CausalWindow(a[0], a[1], a[2], n, steps, din, dout, window);
        AssertShape([n, steps, dout], layer.Forward(x));
        AssertClose(reference([Values(x), Values(layer.Weight), Values(layer.Bias)]), layer.Forward(x), rtol: 1e-5, atol: 1e-5);
        ModuleGradCheck.Check(layer, x, reference);
    }

    [Fact]
    public void CausalWindowLinearIsCausalAndExcludesTheCurrentStep()
    {
        var g = new Generator(1401);
        const int steps = 9;
        var layer = new CausalWindowLinear(2, 5, steps - 1, g);
        var x = Uniform(g, -1, 1, 2, steps, 2);
        float[] before;
        using (Tensor.NoGrad()) before = layer.Forward(x).ToArray();
        for (int t = 0; t < steps; t++)
        {
            var changed = x.Clone();
            changed[1, t, 0] += 3f;
            float[] after;
            using (Tensor.NoGrad()) after = layer.Forward(changed).ToArray();
            for (int s = 0; s < steps; s++)
                for (int o = 0; o < 5; o++)
                {
                    int i = (steps + s) * 5 + o; // window 1
                    if (s <= t) Assert.True(before[i] == after[i], $"x at step {t} changed the output at step {s}");
                }
            if (t < steps - 1) Assert.NotEqual(before[(steps + t + 1) * 5], after[(steps + t + 1) * 5]);
            for (int i = 0; i < steps * 5; i++) Assert.Equal(before[i], after[i]); // window 0 is untouched
        }
    }

    [Fact]
    public void CausalWindowLinearRejectsBadShapes()
    {
        Assert.Throws<ArgumentException>(() => new CausalWindowLinear(1, 4, 0));
        Assert.Throws<ArgumentException>(() => new CausalWindowLinear(0, 4, 3));
        Assert.Throws<ShapeMismatchException>(() => new CausalWindowLinear(2, 4, 3).Forward(Tensor.Zeros(2, 5, 3)));
    }

    [Fact]
    public void GatedFusionMatchesTheReference()
    {
        var g = new Generator(1402);
        const int d = 27; // 16 + 8 + 3: every lane width
        var gc = Uniform(g, -3, 3, 2, 3, 2 * d);
        var h = Uniform(g, -2, 2, 2, 3, d);
        AssertClose(GatedFusion(Values(gc), Values(h), d), Activa.Nn.GatedFusion.Apply(gc, h), rtol: 1e-5, atol: 1e-6);
        const int ds = 19;
        GradCheck.Check(a => Activa.Nn.GatedFusion.Apply(a[0], a[1]), [Uniform(g, -3, 3, 3, 2 * ds), Uniform(g, -2, 2, 3, ds)],
            ModuleGradCheck.AgainstReference, a => GatedFusion(a[0], a[1], ds));
        Assert.Throws<ShapeMismatchException>(() => Activa.Nn.GatedFusion.Apply(Tensor.Zeros(2, 5), Tensor.Zeros(2, 3)));

        // packed [h | g | c]: the same function of the same values, and its gradient
        var packed = Tensor.Concat([h, gc], 2);
        AssertClose(GatedFusion(Values(gc), Values(h), d), Activa.Nn.GatedFusion.ApplyPacked(packed), rtol: 1e-5, atol: 1e-6);
        GradCheck.Check(a => Activa.Nn.GatedFusion.ApplyPacked(a[0]), [Uniform(g, -3, 3, 3, 3 * ds)], ModuleGradCheck.AgainstReference,
            a => GatedFusion([.. Enumerable.Range(0, 3).SelectMany(r => a[0].Skip(r * 3 * ds + ds).Take(2 * ds))],
                             [.. Enumerable.Range(0, 3).SelectMany(r => a[0].Skip(r * 3 * ds).Take(ds))], ds));
        Assert.Throws<ShapeMismatchException>(() => Activa.Nn.GatedFusion.ApplyPacked(Tensor.Zeros(2, 5)));
    }

    [Theory]
    [InlineData(2, 5, 2, 3, false)]  // T·in ≥ in + d: the HIE, the gate and the fusion one after the other
    [InlineData(3, 4, 1, 8, true)]   // short rows (TPGN's): one composed linear map, then the packed fusion
    [InlineData(2, 3, 2, 5, true)]   // composed with two input features
    [InlineData(2, 1, 1, 3, true)]   // one step: only the biases reach the gate
    public void PgnLayerMatchesTheReference(int n, int steps, int din, int d, bool composed)
    {
        var g = new Generator(1403);
        var layer = new PgnLayer(din, d, steps, g);
        Assert.Equal(composed, layer.Composes(steps));
        var x = Uniform(g, -2, 2, n, steps, din);
        Func<double[][], double[]> reference = a => Pgn(a[0], a[1], a[2], a[3], a[4], n, steps, din, d, Math.Max(1, steps - 1));
        AssertShape([n, steps, d], layer.Forward(x));
        AssertClose(reference([Values(x), .. layer.Parameters().Select(Values)]), layer.Forward(x), rtol: 1e-5, atol: 1e-5);
        ModuleGradCheck.Check(layer, x, reference);
    }

    [Fact]
    public void GruStepMatchesAHandComputedStep()
    {
        // one step from h₀ = 0 with hidden 1 and input 1: W_hh·h vanishes, so only the biases b_h* enter
        var gru = new Gru(1, 1);
        using (Tensor.NoGrad())
        {
            gru.WeightIh.CopyFrom(Tensor.FromArray([0.5f, -1f, 2f], 3, 1));      // W_ir, W_iz, W_in
            gru.BiasIh.CopyFrom(Tensor.FromArray([0.1f, 0.2f, -0.3f]));
            gru.WeightHh.CopyFrom(Tensor.FromArray([0.7f, 0.4f, -0.6f], 3, 1));
            gru.BiasHh.CopyFrom(Tensor.FromArray([-0.2f, 0.3f, 0.5f]));
        }
        var y = gru.Forward(Tensor.FromArray([0.8f, -0.4f], 1, 2, 1));
        double x0 = 0.8;
        double r0 = Sigmoid(0.5 * x0 + 0.1 - 0.2), z0 = Sigmoid(-1 * x0 + 0.2 + 0.3);
        double n0 = Math.Tanh(2 * x0 - 0.3 + r0 * 0.5);
        double h0 = (1 - z0) * n0;                 // + z·0
        double x1 = -0.4;
        double r1 = Sigmoid(0.5 * x1 + 0.1 + 0.7 * h0 - 0.2), z1 = Sigmoid(-x1 + 0.2 + 0.4 * h0 + 0.3);
        double n1 = Math.Tanh(2 * x1 - 0.3 + r1 * (-0.6 * h0 + 0.5));
        double h1 = (1 - z1) * n1 + z1 * h0;
        AssertClose([h0, h1], y, rtol: 1e-6, atol: 1e-7);
    }

    [Theory]
    [InlineData(2, 4, 2, 3)]
    [InlineData(3, 3, 1, 19)] // 16 + 3: the vector and the scalar lanes
    public void GruMatchesTheReference(int n, int steps, int din, int hid)
    {
        var g = new Generator(1404);
        var gru = new Gru(din, hid, g);
        var x = Uniform(g, -2, 2, n, steps, din);
        Func<double[][], double[]> reference = a => Gru(a[0], a[1], a[2], a[3], a[4], n, steps, din, hid);
        AssertShape([n, steps, hid], gru.Forward(x));
        AssertClose(reference([Values(x), .. gru.Parameters().Select(Values)]), gru.Forward(x), rtol: 1e-5, atol: 1e-5);
        if (hid <= 3) ModuleGradCheck.Check(gru, x, reference);
        else ModuleGradCheck.Check(gru, [x], xs => gru.Forward(xs[0]).Select(1, steps - 1), a =>
        {
            var all = reference(a);
            return Enumerable.Range(0, n).SelectMany(s => all.Skip((s * steps + steps - 1) * hid).Take(hid)).ToArray();
        });
    }

    [Fact]
    public void RevInRoundTripsAndNormalisesEachWindowAndChannel()
    {
        var g = new Generator(1405);
        var revin = new RevIn(3, affine: true);
        using (Tensor.NoGrad())
        {
            revin.Weight!.CopyFrom(Tensor.FromArray([1.5f, 0.5f, 2f]));
            revin.Bias!.CopyFrom(Tensor.FromArray([0.1f, -0.2f, 0.3f]));
        }
        var x = Uniform(g, -1, 1, 2, 8, 3).Mul(Tensor.FromArray([1f, 10f, 0.5f])).Add(Tensor.FromArray([5f, -3f, 100f]));
        var (z, stats) = revin.Normalize(x);
        AssertClose(Values(x), revin.Denormalize(z, stats), rtol: 1e-5, atol: 1e-5);
        var plain = new RevIn(3, affine: false).Normalize(x).Normalized;
        AssertClose(new double[6], plain.Mean(1), rtol: 0, atol: 1e-4); // float: 100 ± 0.5 keeps ~5 digits after centring
        AssertClose(Enumerable.Repeat(1.0, 6).ToArray(), plain.Square().Mean(1), rtol: 1e-3, atol: 0);
        Assert.Throws<ShapeMismatchException>(() => revin.Normalize(Tensor.Zeros(2, 8, 4)));
    }

    [Fact]
    public void RevInGradientsTreatTheStatisticsAsConstants()
    {
        var g = new Generator(1406);
        var revin = new RevIn(2, affine: true);
        var x = Uniform(g, -2, 2, 2, 5, 2);
        // parameters: through normalise → a nonlinearity → denormalise
        ModuleGradCheck.Check(revin, [x], xs =>
        {
            var (z, s) = revin.Normalize(xs[0]);
            return revin.Denormalize(z.Tanh(), s);
        }, checkInputs: false);
        // input: ∂z/∂x = γ/σ, the statistics being detached
        var leaf = x.Detach();
        leaf.RequiresGrad = true;
        var (zz, stats) = revin.Normalize(leaf);
        zz.Sum().Backward();
        var expected = new double[leaf.Numel];
        var std = Values(stats.Std);
        for (int b = 0; b < 2; b++)
            for (int t = 0; t < 5; t++)
                for (int c = 0; c < 2; c++) expected[(b * 5 + t) * 2 + c] = 1 / std[b * 2 + c];
        AssertClose(expected, leaf.Grad!, rtol: 1e-5);
    }

    [Theory]
    [InlineData(10, 5)]
    [InlineData(10, 4)]   // even kernel: one more step after than before
    [InlineData(6, 25)]   // kernel longer than the series
    [InlineData(7, 1)]
    public void MovingAverageMatchesTheReference(int len, int k)
    {
        var g = new Generator(1407);
        var x = Uniform(g, -2, 2, 3, len);
        AssertClose(MovingAverage(Values(x), len, k), Activa.Nn.MovingAverage.Apply(x, k), rtol: 1e-5, atol: 1e-6);
        GradCheck.Check(a => Activa.Nn.MovingAverage.Apply(a[0], k), [x], ModuleGradCheck.AgainstReference, a => MovingAverage(a[0], len, k));
        Assert.Throws<ArgumentException>(() => new Activa.Nn.MovingAverage(0));
    }

    [Fact]
    public void SoftmaxGatedAttentionMatchesTheReference()
    {
        var g = new Generator(1408);
        var ga = new SoftmaxGatedAttention(4, g);
        var x = Uniform(g, -2, 2, 3, 4);
        Func<double[][], double[]> reference = a =>
        {
            var logits = NnReference.Linear(a[0], a[1], a[2], 4, 4);
            var sm = Softmax(logits, [3, 4], 1, log: false);
            return a[0].Select((v, i) => v * sm[i]).ToArray();
        };
        AssertClose(reference([Values(x), .. ga.Parameters().Select(Values)]), ga.Forward(x), rtol: 1e-5, atol: 1e-6);
        ModuleGradCheck.Check(ga, x, reference);
    }
}
