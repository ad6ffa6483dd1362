using Activa.Nn;
using Activa.Optim;
using static Activa.Tests.Ops.Reference;

namespace Activa.Tests.Optim;

/// <summary>
/// Optimizer checkpoints: StateDict names slots "parameter.slot"; a fresh model and optimizer restored from
/// the model and optimizer state (plus the step count) continue bit for bit like the original.
/// </summary>
public class OptimizerStateDictTests
{
    public static TheoryData<string> Kinds() => ["sgd", "sgd-nesterov", "adam", "adamw", "adagrad"];

    private static Optimizer Make(string kind, IEnumerable<Tensor> ps) => kind switch
    {
        "sgd" => new Sgd(ps, lr: 0.05f, momentum: 0.9f, dampening: 0.1f, weightDecay: 0.01f),
        "sgd-nesterov" => new Sgd(ps, lr: 0.05f, momentum: 0.9f, nesterov: true),
        "adam" => new Adam(ps, lr: 0.01f, weightDecay: 0.01f),
        "adamw" => new AdamW(ps, lr: 0.01f),
        "adagrad" => new Adagrad(ps, lr: 0.1f, lrDecay: 0.1f),
        _ => throw new ArgumentException(kind),
    };

    private static Sequential Model(ulong seed) => new(new Linear(4, 8, generator: new Generator(seed)), new Act("tanh"), new Linear(8, 3, generator: new Generator(seed + 1)));

    private static void TrainStep(Sequential model, Optimizer opt, int step)
    {
        var g = new Generator(5000 + (ulong)step);
        var x = Uniform(g, -1, 1, 16, 4);
        int[] labels = Enumerable.Range(0, 16).Select(_ => g.NextInt(3)).ToArray();
        opt.ZeroGrad();
        Activa.Losses.Loss.CrossEntropy(model.Forward(x), labels).Backward();
        opt.Step();
    }

    private static int[] Bits(Module m) => m.Parameters().SelectMany(p => p.ToArray()).Select(BitConverter.SingleToInt32Bits).ToArray();

    [Theory]
    [MemberData(nameof(Kinds))]
    public void RestoredOptimizerContinuesIdentically(string kind)
    {
        var model = Model(1);
        var opt = Make(kind, model.Parameters());
        for (int s = 0; s < 3; s++) TrainStep(model, opt, s);

        // checkpoint: copies of the model state and the optimizer state
        var names = model.NamedParameters().ToDictionary(p => p.Parameter, p => p.Name, (IEqualityComparer<Tensor>)ReferenceEqualityComparer.Instance);
        var modelState = model.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.Clone().Detach());
        var optState = opt.StateDict(names).ToDictionary(kv => kv.Key, kv => kv.Value.Clone().Detach());
        long steps = opt.StepCount;

        var restored = Model(99);
        restored.LoadStateDict(modelState);
        var restoredOpt = Make(kind, restored.Parameters());
        restoredOpt.LoadStateDict(optState, restored.StateDict(), steps);
        Assert.Equal(3, restoredOpt.StepCount);

        var fresh = Model(99);
        fresh.LoadStateDict(modelState);
        var freshOpt = Make(kind, fresh.Parameters()); // same weights, no optimizer state

        for (int s = 3; s < 6; s++)
        {
            TrainStep(model, opt, s);
            TrainStep(restored, restoredOpt, s);
            TrainStep(fresh, freshOpt, s);
            Assert.Equal(Bits(model), Bits(restored));
        }
        Assert.NotEqual(Bits(model), Bits(fresh)); // the state mattered
    }

    [Fact]
    public void LoadCopiesTheStateTensors()
    {
        var p = Tensor.FromArray([1f, 2f]);
        p.RequiresGrad = true;
        var opt = new Sgd([p], lr: 0.1f, momentum: 0.9f);
        var saved = new Dictionary<string, Tensor> { ["w.momentum_buffer"] = Tensor.FromArray([1f, 1f]) };
        opt.LoadStateDict(saved, new Dictionary<string, Tensor> { ["w"] = p }, stepCount: 1);
        using (Tensor.NoGrad()) saved["w.momentum_buffer"].Fill(100f);
        p.Grad = Tensor.Zeros(2);
        opt.Step(); // buf = 0.9·1 → p −= 0.09
        AssertClose([0.91, 1.91], p, rtol: 1e-6);
        Assert.Equal(2, opt.StepCount);
    }

    [Fact]
    public void StateKeysAreParameterNameDotSlot()
    {
        var model = Model(2);
        var opt = new Adam(model.Parameters());
        TrainStep(model, opt, 0);
        var names = model.NamedParameters().ToDictionary(p => p.Parameter, p => p.Name, (IEqualityComparer<Tensor>)ReferenceEqualityComparer.Instance);
        var keys = opt.StateDict(names).Keys.Order().ToArray();
        var expected = model.NamedParameters().SelectMany(p => new[] { $"{p.Name}.exp_avg", $"{p.Name}.exp_avg_sq", $"{p.Name}.step" }).Order().ToArray();
        Assert.Equal(expected, keys);
    }

    [Fact]
    public void UnnamedParameterOrUnknownKeyThrows()
    {
        var model = Model(3);
        var opt = new Adam(model.Parameters());
        TrainStep(model, opt, 0);
        Assert.Throws<ArgumentException>(() => opt.StateDict(new Dictionary<Tensor, string>()));
        var byName = model.StateDict();
        Assert.Throws<ArgumentException>(() => opt.LoadStateDict(new Dictionary<string, Tensor> { ["9.weight.exp_avg"] = Tensor.Zeros(1) }, byName, 1));
        Assert.Throws<ArgumentException>(() => opt.LoadStateDict(new Dictionary<string, Tensor> { ["noslot"] = Tensor.Zeros(1) }, byName, 1));
    }

    [Fact]
    public void StateWithTheWrongShapeIsRejectedOnLoad()
    {
        var p = Tensor.FromArray([1f, 2f]);
        p.RequiresGrad = true;
        var opt = new Sgd([p], lr: 0.1f, momentum: 0.9f);
        Assert.ThrowsAny<ArgumentException>(() => opt.LoadStateDict(
            new Dictionary<string, Tensor> { ["w.momentum_buffer"] = Tensor.Zeros(3) }, new Dictionary<string, Tensor> { ["w"] = p }, 1));
    }
}
