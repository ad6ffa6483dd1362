namespace Activa.Tests.Tensors;

public class CreationTests
{
    [Fact]
    public void ZerosOnesFullHaveShapeAndValues()
    {
        var z = Tensor.Zeros(2, 3);
        Assert.Equal([2, 3], z.Shape.ToArray());
        Assert.All(z.ToArray(), v => Assert.Equal(0f, v));
        Assert.All(Tensor.Ones(4).ToArray(), v => Assert.Equal(1f, v));
        Assert.All(Tensor.Full([2, 2, 2], 2.5f).ToArray(), v => Assert.Equal(2.5f, v));
        Assert.Equal(8, Tensor.Full([2, 2, 2], 2.5f).Numel);
    }

    [Fact]
    public void ArangeFollowsTorchSemantics()
    {
        Assert.Equal([0f, 1f, 2f, 3f, 4f], Tensor.Arange(5).ToArray());
        Assert.Equal([1f, 1.5f, 2f, 2.5f], Tensor.Arange(1f, 3f, 0.5f).ToArray());
        Assert.Equal([5f, 3f, 1f], Tensor.Arange(5f, 0f, -2f).ToArray());
        Assert.Empty(Tensor.Arange(3f, 3f).ToArray());
        Assert.Throws<ArgumentException>(() => Tensor.Arange(0f, 1f, 0f));
    }

    [Fact]
    public void FromArrayCopiesAndChecksSize()
    {
        var data = new[] { 1f, 2f, 3f, 4f, 5f, 6f };
        var t = Tensor.FromArray(data, 2, 3);
        data[0] = 100f;
        Assert.Equal(1f, t[0, 0]);
        Assert.Equal(6f, t[1, 2]);
        Assert.Equal(5f, t[-1, -2]);
        var e = Assert.Throws<ArgumentException>(() => Tensor.FromArray(data, 4, 2));
        Assert.Contains("[4, 2]", e.Message);
        Assert.Throws<IndexOutOfRangeException>(() => t[2, 0]);
        Assert.Throws<ArgumentException>(() => t[0]);
    }

    [Fact]
    public void FromTwoDimensionalArray()
    {
        var t = Tensor.FromArray(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        Assert.Equal([2, 3], t.Shape.ToArray());
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f], t.ToArray());
    }

    [Fact]
    public void NegativeDimensionIsRejected() => Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, -1));

    [Fact]
    public void ScalarHasRankZero()
    {
        var s = Tensor.Scalar(3f);
        Assert.Equal(0, s.Rank);
        Assert.Equal(1, s.Numel);
        Assert.Equal(3f, s.Item());
        Assert.Throws<InvalidOperationException>(() => Tensor.Ones(2).Item());
    }
}
