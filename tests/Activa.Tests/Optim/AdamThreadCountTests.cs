using Activa.Kernels;
using Activa.Optim;
using static Activa.Tests.Optim.OptimReference;

namespace Activa.Tests.Optim;

/// <summary>
/// Adam splits large parameters into chunks updated in parallel: the result must not depend on the thread
/// count. Changes <see cref="Parallelism.Threads"/>, so it runs in the global-settings collection.
/// </summary>
[Collection("GlobalSettings")]
public class AdamThreadCountTests
{
    private static int[] Run(int threads)
    {
        const int n = 200_003; // several 32 768-element chunks and a ragged last one
        var p = Parameter(Tensor.Uniform([n], -1, 1, new Generator(2300)).ToArray());
        var opt = new AdamW([p], lr: 0.01f);
        var g = new Generator(2301);
        int saved = Parallelism.Threads;
        try
        {
            Parallelism.Threads = threads;
            for (int s = 0; s < 3; s++)
            {
                p.Grad = Tensor.Uniform([n], -1, 1, g);
                opt.Step();
            }
        }
        finally
        {
            Parallelism.Threads = saved;
        }
        return p.ToArray().Select(BitConverter.SingleToInt32Bits).ToArray();
    }

    [Fact]
    public void SameBitsForOneAndManyThreads()
    {
        var serial = Run(1);
        Assert.Equal(serial, Run(4));
        Assert.Equal(serial, Run(3));
    }
}
