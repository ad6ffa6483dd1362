using Activa.Autograd;
using Activa.Models.Ctr.Fields;
using Activa.Nn;

namespace Activa.Tests.Ctr;

/// <summary>
/// The local activation unit computes its first layer by linearity (no [B·L, 4w] input): its weights must equal the
/// definition MLP([q, k, q − k, q ⊙ k]) run on the concatenated input, masked or softmax-normalised, with gradients
/// that match finite differences.
/// </summary>
public class LocalActivationUnitTests
{
    [Theory]
    [InlineData(false, "dice")]
    [InlineData(true, "prelu")]
    public void WeightsEqualTheMlpOnTheConcatenatedInput(bool softmax, string activation)
    {
        var g = new Generator(8);
        int n = 5, l = 7, w = 6;
        var unit = new LocalActivationUnit(w, 9, activation, softmax, g);
        var q = Tensor.Uniform([n, w], -1f, 1f, g);
        var k = Tensor.Uniform([n, l, w], -1f, 1f, g);
        var mask = Tensor.FromArray([.. Enumerable.Range(0, n * l).Select(i => i % l < 1 + i / l ? 1f : 0f)], n, l);
        unit.Eval();   // Dice with running statistics, so both paths see the same constants
        var weights = unit.Weights(q, k, mask).ToArray();

        var mlp = (Sequential)unit.NamedModules().Single(m => m.Name == "mlp").Module;
        var qe = q.Unsqueeze(1).Expand(n, l, w);
        var scores = mlp.Forward(Tensor.Concat([qe, k, qe.Sub(k), qe.Mul(k)], 2).Reshape(n * l, 4 * w)).Reshape(n, l);
        var expected = (softmax ? scores.Mul(mask).Add(mask.Affine(1e9f, -1e9f)).Softmax(1).Mul(mask) : scores.Mul(mask)).ToArray();
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(weights[i] - expected[i]) <= 1e-5f * (1 + Math.Abs(expected[i])), $"weight {i}: {weights[i]} vs {expected[i]}");
    }

    [Fact]
    public void GradientsMatchFiniteDifferences()
    {
        var g = new Generator(9);
        var unit = new LocalActivationUnit(4, 5, "prelu", softmax: false, g);
        var q = Tensor.Uniform([3, 4], -1f, 1f, g);
        var k = Tensor.Uniform([3, 6, 4], -1f, 1f, g);
        var mask = Tensor.Ones(3, 6);
        GradCheck.Check(t => unit.Pool(t[0], t[1], mask), [q, k], new GradCheckOptions(Step: 1e-3, RelativeTolerance: 2e-2, AbsoluteTolerance: 1e-3));
    }
}
