using Activa.Losses;
using Activa.Nn;
using Activa.Optim;

namespace Activa.Tests.Forecasting;

/// <summary>
/// PGN's composed layer hands its pre-activation buffer (megabytes for TPGN's rows) back to the pool once the fusion's
/// backward has run, and the next step reuses it: training must give the same bits as with the pool switched off, so
/// no buffer goes back while something still reads it.
/// </summary>
[Collection("GlobalSettings")]
public class PgnBufferReuseTests
{
    [Fact]
    public void TrainingWithThePoolGivesTheBitsOfTrainingWithoutIt()
    {
        var pooled = Train(poolBytes: 1L << 30);
        var unpooled = Train(poolBytes: 0);
        Assert.Equal(unpooled.Length, pooled.Length);
        for (int i = 0; i < pooled.Length; i++) Assert.Equal(unpooled[i], pooled[i]);
    }

    [Fact]
    public void TheFusionsBufferReturnsToThePoolAfterBackward()
    {
        long capacity = StoragePool.CapacityBytes;
        try
        {
            StoragePool.CapacityBytes = 1L << 30;
            StoragePool.Clear();
            var (layer, x) = Layer();
            var loss = layer.Forward(x).Square().Mean();
            long before = StoragePool.HeldBytes;
            loss.Backward();
            // the pre-activations [N, T, 3d] and their gradient, each 4096·4·48 floats, are back in the pool
            Assert.True(StoragePool.HeldBytes - before >= 2 * 4L * 4096 * 4 * 48, $"held {StoragePool.HeldBytes - before} bytes more after backward");
        }
        finally { StoragePool.CapacityBytes = capacity; }
    }

    private static (PgnLayer Layer, Tensor X) Layer()
    {
        var g = new Generator(7);
        var layer = new PgnLayer(1, 16, 4, g);                      // TPGN's rows: 4 steps, 1 feature, d = 16: composed
        Assert.True(layer.Composes(4));
        var x = Tensor.Uniform([4096, 4, 1], -2f, 2f, g);              // N·T·3d = 786,432 floats: pooled buffers
        return (layer, x);
    }

    private static float[] Train(long poolBytes)
    {
        long capacity = StoragePool.CapacityBytes;
        try
        {
            StoragePool.CapacityBytes = poolBytes;
            StoragePool.Clear();
            var (layer, x) = Layer();
            var optimizer = new Adam(layer.Parameters(), 1e-2f);
            var target = Tensor.Zeros(4096, 4, 16);
            for (int step = 0; step < 4; step++)
            {
                optimizer.ZeroGrad();
                Loss.Mse(layer.Forward(x), target).Backward();
                optimizer.Step();
            }
            return [.. layer.Parameters().SelectMany(p => p.ToArray())];
        }
        finally { StoragePool.CapacityBytes = capacity; }
    }
}
