namespace Activa.Tests.Tensors;

public class StoragePoolTests
{
    // Sizes no other test uses, so that tests running in parallel do not take each other's buffers.
    private const int Odd = StoragePool.MinPooledElements + 4099;

    [Fact]
    public void RecycledBufferServesTheNextTensorOfThatSize()
    {
        var a = Tensor.Zeros(Odd);
        var buffer = a.Storage;
        a.Recycle();
        var b = Tensor.Full([Odd], 3f);
        Assert.Same(buffer, b.Storage);
        Assert.All(b.ToArray(), v => Assert.Equal(3f, v));
    }

    [Fact]
    public void RecycledTensorCannotBeRead()
    {
        var a = Tensor.Ones(Odd + 1);
        a.Recycle();
        Assert.True(a.IsRecycled);
        Assert.Throws<ObjectDisposedException>(() => a.ToArray());
        Assert.Throws<ObjectDisposedException>(() => a.AsSpan());
        a.Recycle(); // a second call does nothing
    }

    [Fact]
    public void AViewCannotBeRecycled()
    {
        var a = Tensor.Ones(4, Odd);
        var ex = Assert.Throws<InvalidOperationException>(() => a.Narrow(0, 1, 2).Recycle());
        Assert.Contains("view", ex.Message);
        Assert.Throws<InvalidOperationException>(() => a.Reshape(2, 2 * Odd).Recycle()); // a full-size alias
        Assert.Throws<InvalidOperationException>(() => a.Detach().Recycle());
        Assert.False(a.IsRecycled);
    }

    [Fact]
    public void ABufferReturnedTwiceIsHandedOutOnce()
    {
        var a = Tensor.Zeros(Odd + 2);
        var buffer = a.Storage;
        StoragePool.Return(buffer);
        StoragePool.Return(buffer);
        var b = Tensor.Empty([Odd + 2]);
        var c = Tensor.Empty([Odd + 2]);
        Assert.False(ReferenceEquals(b.Storage, c.Storage));
    }

    [Fact]
    public void GradientsStayRightWhileBackwardRecyclesItsBuffers()
    {
        // L = Σ (2x + relu(x))·x + x: branches, a pass-through (add) and accumulation into one leaf, on tensors
        // large enough for the pool; dL/dx = 4x + 2·relu(x) + 1. Repeated so that later passes reuse buffers.
        int n = StoragePool.MinPooledElements * 2 + 5;
        var values = new float[n];
        for (int i = 0; i < n; i++) values[i] = (i % 17 - 8) * 0.25f;
        for (int rep = 0; rep < 4; rep++)
        {
            var x = Tensor.FromArray(values);
            x.RequiresGrad = true;
            var h = x * 2f + x.Relu();
            (h * x + x).Sum().Backward();
            var grad = x.Grad!.ToArray();
            for (int i = 0; i < n; i++)
                Assert.Equal(4 * values[i] + 2 * MathF.Max(values[i], 0) + 1, grad[i], 5);
        }
    }

    [Fact]
    public void NegativeCapacityIsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => StoragePool.CapacityBytes = -1);
}
