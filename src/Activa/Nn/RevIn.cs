namespace Activa.Nn;

/// <summary>
/// Reversible instance normalisation (RevIN; Kim et al., "Reversible Instance Normalization for Accurate Time-Series
/// Forecasting against Distribution Shift", ICLR 2022) for windows [B, L, C]: each window's channel is centred on its
/// own mean μ and divided by σ = √(var + ε) (biased variance over the L steps), then optionally scaled and shifted by a
/// learnable γ, β per channel; <see cref="Denormalize"/> undoes both on the model's output [B, H, C]:
/// ŷ = (y − β)/(γ + ε²)·σ + μ (the inverse of the paper's code).
/// </summary>
/// <remarks>
/// μ and σ are treated as constants for the gradient (detached), as in the paper's code: the model learns on the
/// normalised scale and the statistics only move the forecast back to the window's level and spread.
/// </remarks>
public sealed class RevIn : Module
{
    /// <summary>Scale γ [C], or null without the affine part.</summary>
    public Tensor? Weight { get; }
    /// <summary>Shift β [C], or null.</summary>
    public Tensor? Bias { get; }
    /// <summary>Channels C.</summary>
    public int Channels { get; }
    /// <summary>Added to the variance.</summary>
    public float Eps { get; }

    /// <summary>Creates the layer (γ = 1, β = 0 when <paramref name="affine"/>).</summary>
    /// <exception cref="ArgumentException"><paramref name="channels"/> is below 1 or <paramref name="eps"/> is not positive.</exception>
    public RevIn(int channels, bool affine = true, float eps = 1e-5f)
    {
        if (channels < 1) throw new ArgumentException($"RevIn: channels must be at least 1, got {channels}.", nameof(channels));
        if (!(eps > 0)) throw new ArgumentException($"RevIn: eps must be positive, got {eps}.", nameof(eps));
        Channels = channels;
        Eps = eps;
        if (affine)
        {
            Weight = RegisterParameter("weight", Tensor.Ones(channels));
            Bias = RegisterParameter("bias", Tensor.Zeros(channels));
        }
    }

    /// <summary>The per-window statistics that <see cref="Denormalize"/> needs: mean and standard deviation, each [B, 1, C].</summary>
    public sealed record Statistics(Tensor Mean, Tensor Std);

    /// <summary>Normalises <paramref name="input"/> [B, L, C]; returns the normalised windows and their statistics.</summary>
    public (Tensor Normalized, Statistics Stats) Normalize(Tensor input)
    {
        Check("normalize", input);
        Tensor mean, std;
        using (Tensor.NoGrad())
        {
            var x = input.Detach();
            mean = x.Mean(1, keepDim: true);
            std = x.Sub(mean).Square().Mean(1, keepDim: true).Add(Eps).Sqrt();
        }
        var y = input.Sub(mean).Div(std);
        if (Weight != null) y = y.Mul(Weight).Add(Bias!);
        return (y, new Statistics(mean, std));
    }

    /// <summary>Maps <paramref name="output"/> [B, H, C] back to the scale of the windows that <paramref name="stats"/> came from.</summary>
    public Tensor Denormalize(Tensor output, Statistics stats)
    {
        Check("denormalize", output);
        var y = output;
        if (Weight != null) y = y.Sub(Bias!).Div(Weight.Add(Eps * Eps));
        return y.Mul(stats.Std).Add(stats.Mean);
    }

    /// <summary>Normalisation alone (the statistics are dropped); use <see cref="Normalize"/> to invert later.</summary>
    protected override Tensor ForwardCore(Tensor input) => Normalize(input).Normalized;

    private void Check(string op, Tensor t)
    {
        if (t.Rank != 3 || t.Size(2) != Channels)
            throw new ShapeMismatchException("revin_" + op, $"expected [B, steps, {Channels}], got {Shape.Format(t.Shape)}");
    }

    /// <inheritdoc/>
    public override string ExtraRepr() => $"{Channels}, affine={Weight != null}, eps={Eps}";
}
