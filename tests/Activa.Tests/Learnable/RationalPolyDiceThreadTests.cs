using Activa.Activations.Learnable;
using Activa.Kernels;
using Activa.Nn;
using static Activa.Tests.Learnable.LearnableTestSupport;
using static Activa.Tests.Ops.Reference;

namespace Activa.Tests.Learnable;

/// <summary>PAU, PolyReLU, PolyNorm, Dice and GLU give bit-identical outputs and gradients on 1 and 4 threads.</summary>
[Collection("GlobalSettings")]
public class RationalPolyDiceThreadTests
{
    private static int[] Run(Module m, Tensor x0, Tensor w)
    {
        var x = x0.Detach().Clone();
        x.RequiresGrad = true;
        m.ZeroGrad();
        var y = m.Forward(x);
        y.Mul(w).Sum().Backward();
        return [.. Bits(y), .. Bits(x.Grad!), .. m.Parameters().SelectMany(p => Bits(p.Grad!))];
    }

    [Fact]
    public void ResultsDoNotDependOnTheThreadCount()
    {
        int saved = Parallelism.Threads;
        try
        {
            var g = new Generator(12);
            var modules = new (Module Module, int[] Shape)[]
            {
                (new Pau(48, sharing: ParameterSharing.Group, groups: 6), [96, 48, 8]),
                (new Pau(48), [1500, 48]),
                (new PolyRelu(48, sharing: ParameterSharing.Channel), [1500, 48]),
                (new PolyNorm(48), [1500, 48]),
                (new Dice(48, learnableScale: true), [96, 48, 8]),
                (new Dice(48), [1500, 48]),
                (GatedLinear.SwiGlu(24, 24, generator: g), [1500, 24]),
            };
            foreach (var (module, shape) in modules)
            {
                Randomize(module, g, 0.1f, 0.6f);
                var x = Uniform(g, -2, 2, shape);
                var w = Uniform(g, -1, 1, shape); // GatedLinear here maps 24 → 24 features

                Parallelism.Threads = 1;
                var one = Run(module, x, w);
                Parallelism.Threads = 4;
                var four = Run(module, x, w);
                Assert.Equal(one, four);
            }
        }
        finally
        {
            Parallelism.Threads = saved;
        }
    }
}
