namespace Activa.Nn;

/// <summary>
/// Fixed input standardisation y = (x − mean) / std with constants measured on the training data, so that
/// a saved model carries its own preprocessing. No parameters.
/// </summary>
public sealed class Standardize : Module
{
    /// <summary>Subtracted from every input.</summary>
    public float Mean { get; }
    /// <summary>Divides every centred input.</summary>
    public float Std { get; }

    /// <summary>Creates the layer.</summary>
    /// <exception cref="ArgumentException">The mean is not finite or the standard deviation is not positive.</exception>
    public Standardize(float mean, float std)
    {
        if (!float.IsFinite(mean) || !(std > 0) || !float.IsFinite(std))
            throw new ArgumentException($"Standardize needs a finite mean and a positive std, got {mean} and {std}.");
        Mean = mean;
        Std = std;
    }

    /// <inheritdoc/>
    protected override Tensor ForwardCore(Tensor input) => input.Affine(1f / Std, -Mean / Std);

    /// <inheritdoc/>
    public override string ExtraRepr() => $"mean={Mean:G4}, std={Std:G4}";
}
