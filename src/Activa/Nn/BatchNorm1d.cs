namespace Activa.Nn;

/// <summary>
/// Batch normalisation of [N, C] or [N, C, L] inputs per channel C: in training, the batch mean and
/// biased variance normalise, and running estimates (unbiased variance) are updated with
/// <see cref="Momentum"/>; in evaluation the running estimates are used. Ioffe &amp; Szegedy, 2015.
/// </summary>
public sealed class BatchNorm1d : Module
{
    /// <summary>Scale γ [C].</summary>
    public Tensor Weight { get; }
    /// <summary>Shift β [C].</summary>
    public Tensor Bias { get; }
    /// <summary>Running mean [C] (a buffer).</summary>
    public Tensor RunningMean { get; }
    /// <summary>Running variance [C] (a buffer).</summary>
    public Tensor RunningVar { get; }
    /// <summary>Channels.</summary>
    public int Features { get; }
    /// <summary>Added to the variance.</summary>
    public float Eps { get; }
    /// <summary>Weight of the newest batch in the running estimates.</summary>
    public float Momentum { get; }

    /// <summary>Creates the layer (γ = 1, β = 0, running mean 0, running variance 1).</summary>
    public BatchNorm1d(int features, float eps = 1e-5f, float momentum = 0.1f)
    {
        if (features <= 0) throw new ArgumentOutOfRangeException(nameof(features), features, "BatchNorm1d needs a positive size.");
        Features = features;
        Eps = eps;
        Momentum = momentum;
        Weight = RegisterParameter("weight", Tensor.Ones(features));
        Bias = RegisterParameter("bias", Tensor.Zeros(features));
        RunningMean = RegisterBuffer("running_mean", Tensor.Zeros(features));
        RunningVar = RegisterBuffer("running_var", Tensor.Ones(features));
    }

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input)
    {
        if (input.Rank is < 2 or > 3 || input.Size(1) != Features)
            throw new ShapeMismatchException("batch_norm", $"expected [N, {Features}] or [N, {Features}, L], got {Shape.Format(input.Shape)}");
        int[] axes = input.Rank == 2 ? [0] : [0, 2];
        int[] channelShape = input.Rank == 2 ? [1, Features] : [1, Features, 1];
        Tensor mean, variance;
        if (Training)
        {
            long count = input.Numel / Features;
            if (count < 2) throw new ArgumentException($"BatchNorm1d in training mode needs more than one value per channel, got input {Shape.Format(input.Shape)}.");
            mean = input.Mean(axes, keepDim: true);
            variance = input.Sub(mean).Square().Mean(axes, keepDim: true);
            using (Tensor.NoGrad())
            {
                RunningMean.MulInPlace(1 - Momentum).AddInPlace(mean.Reshape(Features), Momentum);
                RunningVar.MulInPlace(1 - Momentum).AddInPlace(variance.Reshape(Features).Mul(count / (float)(count - 1)), Momentum);
            }
        }
        else
        {
            mean = RunningMean.Reshape(channelShape);
            variance = RunningVar.Reshape(channelShape);
        }
        var y = input.Sub(mean).Div(variance.Add(Eps).Sqrt());
        return y.Mul(Weight.Reshape(channelShape)).Add(Bias.Reshape(channelShape));
    }

    /// <inheritdoc/>
    public override string ExtraRepr() => $"{Features}, eps={Eps}, momentum={Momentum}";
}
