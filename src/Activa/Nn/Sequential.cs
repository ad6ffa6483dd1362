namespace Activa.Nn;

/// <summary>Runs its modules one after another; they are named "0", "1", ... as in PyTorch.</summary>
public sealed class Sequential : Module
{
    private readonly List<Module> _layers = [];

    /// <summary>Creates the chain.</summary>
    public Sequential(params Module[] layers)
    {
        foreach (var layer in layers) Add(layer);
    }

    /// <summary>Appends a module.</summary>
    public Sequential Add(Module layer)
    {
        RegisterModule(_layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), layer);
        _layers.Add(layer);
        return this;
    }

    /// <summary>The modules in order.</summary>
    public IReadOnlyList<Module> Layers => _layers;

    /// <summary>
    /// Whether, on the calling thread (like <see cref="Tensor.NoGrad"/>), a <see cref="Linear"/> followed by an
    /// <see cref="Act"/> (<see cref="Functional.LinearActivation"/>), or by PReLU, Swish-β or PAU, runs as one fused op:
    /// the bias and activation applied inside the GEMM. On by default; the pair still runs separately when either layer
    /// has forward hooks or the activation has no fused kernel.
    /// </summary>
    public static bool FuseLinearActivation
    {
        get => !t_unfused;
        set => t_unfused = !value;
    }

    [ThreadStatic] private static bool t_unfused;

    /// <summary>
    /// Runs the layers in order. The outputs between layers are this call's own (no hook saw them, none is the result or
    /// shares its buffer), so they go back to the <see cref="StoragePool"/> as PyTorch frees them: under autograd once a
    /// backward pass has gone through them (<see cref="Tensor.RecycleAfterBackward"/>), without a graph as soon as the
    /// next layer has read them.
    /// </summary>
    protected override Tensor ForwardCore(Tensor input) => Run(input, null);

    /// <summary>
    /// <see cref="ForwardCore"/>, calling <paramref name="afterStep"/>(i, y) after each step: layer i alone, or layers i and
    /// i + 1 fused (<see cref="Fused"/>), with output y (the MLP benchmark times the steps this way).
    /// </summary>
    internal Tensor Run(Tensor input, Action<int, Tensor>? afterStep)
    {
        var x = input;
        bool xPrivate = false; // x is an output between layers that no hook saw
        List<Tensor>? privateOutputs = null;
        for (int i = 0; i < _layers.Count;)
        {
            int next = i + (Fused(i) ? 2 : 1);
            var y = ForwardStep(i, x);
            afterStep?.Invoke(i, y);
            if (xPrivate && !y.RequiresGrad && !x.RequiresGrad && !y.SharesStorageWith(x)) x.RecycleIfOwner();
            // private: made by this step and seen by no hook, neither the producer's (its output) nor the consumer's (its input)
            bool yPrivate = next < _layers.Count && !ReferenceEquals(y, x) && !_layers[next - 1].AnyForwardHooks && !_layers[next].AnyForwardHooks;
            if (yPrivate && y.RequiresGrad) (privateOutputs ??= []).Add(y);
            (x, i, xPrivate) = (y, next, yPrivate && !y.SharesStorageWith(input));
        }
        if (privateOutputs != null)
            foreach (var t in privateOutputs)
                if (!t.SharesStorageWith(x) && !t.SharesStorageWith(input)) t.RecycleAfterBackward();
        return x;
    }

    /// <summary>Whether layer <paramref name="i"/> runs fused with layer i + 1 (a Linear and its activation).</summary>
    internal bool Fused(int i) =>
        FuseLinearActivation && i + 1 < _layers.Count && _layers[i] is Linear { AnyForwardHooks: false } && !_layers[i + 1].AnyForwardHooks
        && _layers[i + 1] is Act { Activation: Kernels.IEpilogueSource } or Activations.Learnable.LearnableActivation { FusesAfterLinear: true };

    /// <summary>Runs layer <paramref name="i"/>, and layer i + 1 with it when <see cref="Fused"/> says so.</summary>
    private Tensor ForwardStep(int i, Tensor x)
    {
        if (!Fused(i)) return _layers[i].Forward(x);
        var linear = (Linear)_layers[i];
        return _layers[i + 1] is Act act
            ? Functional.LinearActivation(x, linear.Weight, linear.Bias, act.Activation, act.Training)
            : ((Activations.Learnable.LearnableActivation)_layers[i + 1]).LinearThen(x, linear.Weight, linear.Bias);
    }
}
