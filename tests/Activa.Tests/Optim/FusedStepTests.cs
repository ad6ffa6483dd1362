using Activa.Kernels;
using Activa.Optim;
using static Activa.Tests.Optim.OptimReference;

namespace Activa.Tests.Optim;

/// <summary>
/// The optimisers' kernels run 16-, 8- and 1-lane bodies of one generic update, and a step updates all dense
/// parameters in one shared parallel pass: each element must come out as if updated alone, by the scalar path.
/// </summary>
public class FusedStepTests
{
    public static TheoryData<string> Optimizers => ["adam", "adamw", "sgd", "nesterov", "adagrad"];

    private static Optimizer Make(string name, Tensor[] ps) => name switch
    {
        "adam" => new Adam(ps, lr: 0.01f, weightDecay: 0.1f),
        "adamw" => new AdamW(ps, lr: 0.01f),
        "sgd" => new Sgd(ps, lr: 0.1f, momentum: 0.9f, dampening: 0.1f, weightDecay: 0.01f),
        "nesterov" => new Sgd(ps, lr: 0.1f, momentum: 0.9f, nesterov: true),
        "adagrad" => new Adagrad(ps, lr: 0.1f, weightDecay: 0.01f),
        _ => throw new ArgumentException(name),
    };

    // Three steps on parameters of odd sizes (vector bodies plus scalar tails; one spans several work items).
    private static float[][] Train(string name, int[] sizes, bool oneElementAtATime, int maxElements = int.MaxValue)
    {
        var g = new Generator(77);
        var init = sizes.Select(n => Tensor.Uniform([n], -1, 1, g).ToArray()).ToArray();
        var grads = Enumerable.Range(0, 3).Select(_ => sizes.Select(n => Tensor.Uniform([n], -1, 1, g).ToArray()).ToArray()).ToArray();
        if (!oneElementAtATime)
        {
            var ps = init.Select(v => Parameter(v)).ToArray();
            var opt = Make(name, ps);
            foreach (var step in grads)
            {
                for (int i = 0; i < ps.Length; i++) ps[i].Grad = Tensor.FromArray(step[i], sizes[i]);
                opt.Step();
            }
            return ps.Select(p => p.ToArray()).ToArray();
        }
        // Every element its own one-element parameter: only the scalar (Float1) body runs.
        return init.Select((values, k) =>
        {
            var ps = values.Take(maxElements).Select(v => Parameter([v])).ToArray();
            var opt = Make(name, ps);
            foreach (var step in grads)
            {
                for (int i = 0; i < ps.Length; i++) ps[i].Grad = Tensor.FromArray([step[k][i]], 1);
                opt.Step();
            }
            return ps.Select(p => p.ToArray()[0]).ToArray();
        }).ToArray();
    }

    [Theory, MemberData(nameof(Optimizers))]
    public void VectorBodiesAndSharedPassMatchTheScalarUpdateBitForBit(string name)
    {
        int[] sizes = [37, 1, 70_001, 16];
        var fused = Train(name, sizes, oneElementAtATime: false);
        var scalar = Train(name, sizes, oneElementAtATime: true, maxElements: 1_003);
        for (int k = 0; k < sizes.Length; k++)
            for (int i = 0; i < scalar[k].Length; i++)
                Assert.True(BitConverter.SingleToInt32Bits(fused[k][i]) == BitConverter.SingleToInt32Bits(scalar[k][i]),
                    $"{name}: parameter {k} element {i}: fused {fused[k][i]:R}, scalar {scalar[k][i]:R}");
    }

    [Fact]
    public void SteadyStateStepsAllocateAlmostNothing()
    {
        var g = new Generator(5);
        var ps = new[] { 100_000, 512, 5_000 }.Select(n => Parameter(Tensor.Uniform([n], -1, 1, g).ToArray())).ToArray();
        var grads = ps.Select(p => Tensor.Uniform(p.Shape.ToArray(), -1, 1, g)).ToArray();
        var opt = new Adam(ps);
        void Step()
        {
            for (int i = 0; i < ps.Length; i++) ps[i].Grad = grads[i];
            opt.Step();
        }
        for (int i = 0; i < 3; i++) Step();   // state slots and update objects are created here
        // The fewest bytes of several batches: a batch can catch one-off allocations that are not the step's (tiered
        // JIT recompiling a method, a lock inflated while parallel tests share the worker pool).
        long perStep = long.MaxValue;
        for (int batch = 0; batch < 8; batch++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10; i++) Step();
            perStep = Math.Min(perStep, (GC.GetAllocatedBytesForCurrentThread() - before) / 10);
        }
        // What remains is the worker pool's per-fork job record; nothing scales with the parameters.
        Assert.True(perStep < 512, $"an Adam step allocated {perStep} bytes");
    }
}
