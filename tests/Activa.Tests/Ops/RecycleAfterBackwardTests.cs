using Activa.Data.Ctr;
using Activa.Losses;
using Activa.Models.Ctr;
using Activa.Optim;

namespace Activa.Tests.Ops;

/// <summary>
/// <see cref="Tensor.RecycleAfterBackward"/>: a marked intermediate's buffer goes back to the pool only after every op
/// that read it has run its backward; nothing happens with retainGraph or for a view; and DIN, which marks its
/// attention intermediates, trains to the same bits with the pool as without it.
/// </summary>
[Collection("GlobalSettings")]
public class RecycleAfterBackwardTests
{
    private const int Big = 1 << 18; // one pooled buffer (1 MiB)

    [Fact]
    public void AMarkedIntermediateIsRecycledAfterTheBackwardAndGradientsAreUnchanged()
    {
        WithPool(() =>
        {
            var x = Tensor.Uniform([Big], -1f, 1f, new Generator(1));
            x.RequiresGrad = true;
            var a = x.Mul(2f).RecycleAfterBackward();
            var loss = a.Exp().Mul(a).Sum();                       // two readers of a; exp's backward reads its output
            loss.Backward();
            Assert.True(a.IsRecycled);
            var xs = x.ToArray();
            var g = x.Grad!.ToArray();
            for (int i = 0; i < Big; i += 997)
            {
                double e = Math.Exp(2 * xs[i]), expected = 2 * (e + 2 * xs[i] * e);   // d/dx [e^{2x}·2x]
                Assert.True(Math.Abs(g[i] - expected) <= 1e-5 * Math.Abs(expected) + 1e-6, $"grad[{i}] = {g[i]}, expected {expected}");
            }
            Assert.True(StoragePool.HeldBytes >= 4L * Big);
        });
    }

    [Fact]
    public void NothingIsRecycledWithRetainGraphOrForAView()
    {
        WithPool(() =>
        {
            var x = Tensor.Uniform([Big], -1f, 1f, new Generator(2));
            x.RequiresGrad = true;
            var a = x.Mul(2f).RecycleAfterBackward();
            a.Exp().Sum().Backward(retainGraph: true);
            Assert.False(a.IsRecycled);
            a.Exp().Sum().Backward();                             // a second pass through the retained part frees it
            Assert.True(a.IsRecycled);

            var view = x.Mul(3f).Reshape(512, 512).RecycleAfterBackward();
            view.Sum().Backward();
            Assert.False(view.IsRecycled);
            Assert.Equal(view.Numel, view.ToArray().Length);       // still readable
        });
    }

    [Fact]
    public void DinTrainsToTheSameBitsWithThePoolAsWithout()
    {
        var pooled = TrainDin(poolBytes: 1L << 30);
        var unpooled = TrainDin(poolBytes: 0);
        Assert.Equal(unpooled.Length, pooled.Length);
        for (int i = 0; i < pooled.Length; i++) Assert.Equal(unpooled[i], pooled[i]);
    }

    private static float[] TrainDin(long poolBytes)
    {
        float[] weights = [];
        WithPool(() =>
        {
            var data = new SyntheticClicks { Users = 300, Items = 400, Categories = 8, SamplesPerUser = 4 }.Generate(3).Train;
            var model = CtrModel.Create("din", data, new CtrModelOptions { EmbeddingDim = 16, AttentionHidden = 36, Hidden = [32] }, seed: 4);
            var adam = new Adam(model.Parameters(), 1e-2f);
            model.Train();
            var rows = Enumerable.Range(0, data.Count).ToArray();
            for (int step = 0; step < 3; step++)
            {
                var batch = new CtrBatch(data, rows.AsSpan(step * 256 % Math.Max(1, data.Count - 256), Math.Min(256, data.Count)));
                adam.ZeroGrad();
                Loss.BinaryCrossEntropyWithLogits(model.Logits(batch), batch.Labels).Backward();
                adam.Step();
            }
            Assert.True(data.MaxHistory * 36 * 256 >= Big, "the attention intermediates must be large enough to be pooled");
            weights = [.. model.Parameters().SelectMany(p => p.ToArray())];
        }, poolBytes);
        return weights;
    }

    private static void WithPool(Action body, long poolBytes = 1L << 30)
    {
        long capacity = StoragePool.CapacityBytes;
        try
        {
            StoragePool.CapacityBytes = poolBytes;
            StoragePool.Clear();
            body();
        }
        finally { StoragePool.CapacityBytes = capacity; }
    }
}
