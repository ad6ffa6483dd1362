using Activa.Analysis;

namespace Activa.Tests.Analysis;

/// <summary>Dead-neuron rates on constructed activations.</summary>
public class DeadNeuronsTests
{
    // 4 samples × 3 units: unit 0 is zero for every sample (statically dead), unit 1 fires once, unit 2 always
    private static readonly float[] Outputs = [0, 0, 1, 0, 2, 3, 0, 0, 0.5f, 0, 0, 4];

    [Fact]
    public void DynamicRateIsTheShareOfEntriesAtOrBelowZero()
    {
        var t = Tensor.FromArray(Outputs, 4, 3);
        Assert.Equal(7.0 / 12, DeadNeurons.DynamicRate(t), 12);
        // on pre-activations: AP's 1[z ≤ 0]; ReLU of them gives the same rate
        var z = Tensor.FromArray([-1f, 0f, 2f, 3f, -0.5f, 1f], 2, 3);
        Assert.Equal(3.0 / 6, DeadNeurons.DynamicRate(z), 12);
        Assert.Equal(DeadNeurons.DynamicRate(z), DeadNeurons.DynamicRate(z.Relu()), 12);
        Assert.Equal(4.0 / 6, DeadNeurons.DynamicRate(z, threshold: 1f), 12);
    }

    [Fact]
    public void AUnitZeroForEverySampleIsStaticallyDead()
    {
        var t = Tensor.FromArray(Outputs, 4, 3);
        Assert.Equal([true, false, false], DeadNeurons.DeadUnits(t));
        Assert.Equal(1.0 / 3, DeadNeurons.StaticRate(t), 12);
        // with ε = 2 unit 1 (max 2) counts as inactive too
        Assert.Equal([true, true, false], DeadNeurons.DeadUnits(t, epsilon: 2f));
    }

    [Fact]
    public void BadInputIsRejected()
    {
        Assert.Throws<ArgumentException>(() => DeadNeurons.DeadUnits(Tensor.FromArray([1f, 0f], 2)));
        Assert.Throws<ArgumentException>(() => DeadNeurons.DeadUnits(Tensor.Zeros([2, 2]), epsilon: -1));
        Assert.Throws<ArgumentException>(() => DeadNeurons.DynamicRate(Tensor.Zeros([0, 3])));
        Assert.Throws<ArgumentException>(() => DeadNeurons.DynamicRate(Tensor.Zeros([2, 3]), float.NaN));
    }
}
