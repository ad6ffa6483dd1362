using Activa.Nn;
using Activa.Optim;
using static Activa.Tests.Ops.Reference;

namespace Activa.Tests.Nn;

/// <summary>
/// The Module base: parameter, buffer and submodule registration and naming (as torch.nn.Module),
/// train/eval propagation, state dicts, forward hooks, ZeroGrad, descriptions.
/// </summary>
public class ModuleTests
{
    /// <summary>A module with a parameter of its own (registered after a child), a buffer and two children.</summary>
    private sealed class Block : Module
    {
        public Linear Inner { get; }
        public BatchNorm1d Norm { get; }
        public Tensor Scale { get; }
        public Tensor Counter { get; }

        public Block(Generator g)
        {
            Inner = RegisterModule("inner", new Linear(3, 3, generator: g));
            Scale = RegisterParameter("scale", Tensor.Uniform([3], 0.5f, 1.5f, g));
            Counter = RegisterBuffer("counter", Tensor.Zeros(1));
            Norm = RegisterModule("norm", new BatchNorm1d(3));
        }

        protected override Tensor ForwardCore(Tensor input) => Norm.Forward(Inner.Forward(input.Mul(Scale)));
    }

    private sealed class Registrar(Action<Registrar> register) : Module
    {
        public void Param(string name) => RegisterParameter(name, Tensor.Zeros(1));
        public void Buffer(string name) => RegisterBuffer(name, Tensor.Zeros(1));
        public void Child(string name) => RegisterModule(name, new Flatten());
        public Registrar Run()
        {
            register(this);
            return this;
        }
    }

    private sealed class NoForward : Module;

    private static Sequential Model(ulong seed) =>
        new(new Block(new Generator(seed)), new Act("tanh"), new Dropout(0.5f, new Generator(seed)), new Linear(3, 2, generator: new Generator(seed + 1)));

    [Fact]
    public void NamedParametersAreDottedDepthFirstOwnBeforeChildren()
    {
        var model = Model(1);
        string[] expected = ["0.scale", "0.inner.weight", "0.inner.bias", "0.norm.weight", "0.norm.bias", "3.weight", "3.bias"];
        Assert.Equal(expected, model.NamedParameters().Select(p => p.Name));
        Assert.Equal(model.NamedParameters().Select(p => p.Parameter), model.Parameters());
        Assert.Equal(["0.counter", "0.norm.running_mean", "0.norm.running_var"], model.NamedBuffers().Select(b => b.Name));
        Assert.Equal(["", "0", "0.inner", "0.norm", "1", "2", "3"], model.NamedModules().Select(m => m.Name));
        Assert.Equal(3 + 9 + 3 + 3 + 3 + 6 + 2, model.ParameterCount);
    }

    [Fact]
    public void ParametersRequireGradAndCarryTheirLocalName()
    {
        var block = new Block(new Generator(2));
        Assert.All(block.Parameters(), p => Assert.True(p.RequiresGrad));
        Assert.Equal("scale", block.Scale.Name);
        Assert.Equal("weight", block.Inner.Weight.Name);
        Assert.False(block.Counter.RequiresGrad);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a.b")]
    public void InvalidMemberNamesThrow(string name)
    {
        Assert.Throws<ArgumentException>(() => new Registrar(r => r.Param(name)).Run());
        Assert.Throws<ArgumentException>(() => new Registrar(r => r.Buffer(name)).Run());
        Assert.Throws<ArgumentException>(() => new Registrar(r => r.Child(name)).Run());
    }

    [Fact]
    public void DuplicateMemberNamesThrowAcrossKinds()
    {
        Assert.Throws<ArgumentException>(() => new Registrar(r => { r.Param("x"); r.Param("x"); }).Run());
        Assert.Throws<ArgumentException>(() => new Registrar(r => { r.Param("x"); r.Buffer("x"); }).Run());
        Assert.Throws<ArgumentException>(() => new Registrar(r => { r.Buffer("x"); r.Child("x"); }).Run());
        var ok = new Registrar(r => { r.Param("x"); r.Buffer("y"); r.Child("z"); }).Run();
        Assert.Equal(["x"], ok.NamedParameters().Select(p => p.Name));
    }

    [Fact]
    public void TrainAndEvalPropagateToEverySubmodule()
    {
        var model = Model(3);
        Assert.All(model.NamedModules(), m => Assert.True(m.Module.Training));
        Assert.Same(model, model.Eval());
        Assert.All(model.NamedModules(), m => Assert.False(m.Module.Training, m.Name));
        // a module added to a model in eval mode joins in eval mode
        var late = new Dropout(0.5f);
        model.Add(late);
        Assert.False(late.Training);
        model.Train();
        Assert.All(model.NamedModules(), m => Assert.True(m.Module.Training, m.Name));
        model.Train(false);
        Assert.False(late.Training);
    }

    [Fact]
    public void EvalChangesBehaviourOfNestedLayers()
    {
        var model = Model(4);
        var x = Uniform(new Generator(5), -1, 1, 8, 3);
        model.Eval();
        var a = model.Forward(x).ToArray();
        var b = model.Forward(x).ToArray();
        Assert.Equal(a, b); // dropout off, batch norm uses fixed running statistics
        model.Train();
        Assert.NotEqual(a, model.Forward(x).ToArray());
    }

    [Fact]
    public void StateDictHoldsTheLiveParametersAndBuffers()
    {
        var model = Model(6);
        var state = model.StateDict();
        Assert.Equal(model.NamedParameters().Select(p => p.Name).Concat(model.NamedBuffers().Select(b => b.Name)), state.Keys);
        foreach (var (name, p) in model.NamedParameters()) Assert.Same(p, state[name]);
        foreach (var (name, b) in model.NamedBuffers()) Assert.Same(b, state[name]);
    }

    [Fact]
    public void LoadStateDictRoundTripCopiesValues()
    {
        var source = Model(7);
        source.Forward(Uniform(new Generator(8), -1, 1, 16, 3)); // move the running statistics
        var target = Model(70);
        var x = Uniform(new Generator(9), -1, 1, 5, 3);
        source.Eval();
        target.Eval();
        Assert.NotEqual(source.Forward(x).ToArray(), target.Forward(x).ToArray());

        target.LoadStateDict(source.StateDict());
        var expected = source.Forward(x).ToArray();
        Assert.Equal(expected, target.Forward(x).ToArray());
        foreach (var (name, t) in target.StateDict())
        {
            Assert.Equal(source.StateDict()[name].ToArray(), t.ToArray());
            Assert.NotSame(source.StateDict()[name], t);
        }
        // copies, not aliases: changing the source afterwards leaves the target alone
        using (Tensor.NoGrad()) source.StateDict()["3.weight"].Fill(0f);
        Assert.Equal(expected, target.Forward(x).ToArray());
        Assert.True(target.Parameters().All(p => p.RequiresGrad));
    }

    [Fact]
    public void StrictLoadRejectsMissingAndUnexpectedKeysWithoutChangingAnything()
    {
        var model = Model(10);
        var before = model.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
        var other = Model(11).StateDict();

        var missing = new Dictionary<string, Tensor>(other);
        missing.Remove("0.norm.running_var");
        var e1 = Assert.Throws<ArgumentException>(() => model.LoadStateDict(missing));
        Assert.Contains("Missing: 0.norm.running_var", e1.Message);

        var unexpected = new Dictionary<string, Tensor>(other) { ["4.weight"] = Tensor.Zeros(1) };
        var e2 = Assert.Throws<ArgumentException>(() => model.LoadStateDict(unexpected));
        Assert.Contains("Unexpected: 4.weight", e2.Message);

        foreach (var (name, t) in model.StateDict()) Assert.Equal(before[name], t.ToArray());
    }

    [Fact]
    public void NonStrictLoadSkipsMissingAndUnexpectedKeys()
    {
        var model = Model(12);
        var keepBias = model.StateDict()["3.bias"].ToArray();
        var partial = new Dictionary<string, Tensor>
        {
            ["3.weight"] = Tensor.Full([2, 3], 0.25f),
            ["no.such.thing"] = Tensor.Zeros(4),
        };
        model.LoadStateDict(partial, strict: false);
        Assert.All(model.StateDict()["3.weight"].ToArray(), v => Assert.Equal(0.25f, v));
        Assert.Equal(keepBias, model.StateDict()["3.bias"].ToArray());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ShapeMismatchThrowsInBothModes(bool strict)
    {
        var model = Model(13);
        var state = new Dictionary<string, Tensor>(Model(14).StateDict()) { ["3.weight"] = Tensor.Zeros(3, 2) };
        var e = Assert.Throws<ShapeMismatchException>(() => model.LoadStateDict(state, strict));
        Assert.Contains("3.weight", e.Message);
    }

    [Fact]
    public void ForwardHooksSeeModuleInputAndOutputInOrder()
    {
        var model = Model(15);
        model.Eval();
        var log = new List<string>();
        Tensor? seenInput = null, seenOutput = null;
        using var h1 = model.RegisterForwardHook((m, i, o) =>
        {
            log.Add("model");
            Assert.Same(model, m);
            (seenInput, seenOutput) = (i, o);
        });
        using var h2 = model.RegisterForwardHook((_, _, _) => log.Add("model second"));
        using var h3 = model.Layers[3].RegisterForwardHook((m, i, o) =>
        {
            log.Add("linear");
            AssertShape([4, 3], i);
            AssertShape([4, 2], o);
        });
        var x = Uniform(new Generator(16), -1, 1, 4, 3);
        var y = model.Forward(x);
        Assert.Equal(["linear", "model", "model second"], log);
        Assert.Same(x, seenInput);
        Assert.Same(y, seenOutput);
    }

    [Fact]
    public void DisposingAHookRemovesItOnce()
    {
        var layer = new Act("relu");
        int a = 0, b = 0;
        var ha = layer.RegisterForwardHook((_, _, _) => a++);
        var hb = layer.RegisterForwardHook((_, _, _) => b++);
        layer.Forward(Tensor.Zeros(1));
        ha.Dispose();
        ha.Dispose(); // idempotent: must not remove the other hook
        layer.Forward(Tensor.Zeros(1));
        Assert.Equal((1, 2), (a, b));
        hb.Dispose();
        layer.Forward(Tensor.Zeros(1));
        Assert.Equal((1, 2), (a, b));
    }

    [Fact]
    public void ZeroGradClearsEveryNestedGradient()
    {
        var model = Model(17);
        model.Eval();
        model.Forward(Uniform(new Generator(18), -1, 1, 4, 3)).Sum().Backward();
        Assert.All(model.Parameters(), p => Assert.NotNull(p.Grad));
        model.ZeroGrad();
        Assert.All(model.Parameters(), p => Assert.Null(p.Grad));
    }

    [Fact]
    public void ModuleWithoutSingleTensorForwardThrowsNotSupported() =>
        Assert.Throws<NotSupportedException>(() => new NoForward().Forward(Tensor.Zeros(1)));

    [Fact]
    public void DescriptionIsAnIndentedTree()
    {
        var text = Model(19).ToString().ReplaceLineEndings("\n");
        Assert.Equal(
            "Sequential()\n" +
            "  (0): Block()\n" +
            "    (inner): Linear(in=3, out=3, bias=True)\n" +
            "    (norm): BatchNorm1d(3, eps=1E-05, momentum=0.1)\n" +
            "  (1): Act(tanh)\n" +
            "  (2): Dropout(p=0.5)\n" +
            "  (3): Linear(in=3, out=2, bias=True)", text);
    }

    /// <summary>A tied weight: one tensor registered under two names (as in tied input/output embeddings).</summary>
    private sealed class Tied : Module
    {
        public Tensor Shared { get; } = Tensor.Ones(2);

        public Tied()
        {
            RegisterParameter("a", Shared);
            RegisterModule("inner", new Registrar(_ => { }));
            RegisterParameter("b", Shared);
        }
    }

    [Fact]
    public void TiedParametersAreListedOnce()
    {
        var model = new Tied();
        Assert.Single(model.Parameters());
        Assert.Equal(2, model.ParameterCount);
        _ = new Sgd(model.Parameters(), lr: 0.1f);
    }
}
