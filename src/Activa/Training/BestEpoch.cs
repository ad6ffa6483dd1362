using Activa.Nn;

namespace Activa.Training;

/// <summary>
/// Early stopping: keeps a copy of the weights of the epoch with the best validation so far, says when
/// <c>patience</c> epochs have passed without a better one, and puts the best weights back at the end.
/// </summary>
/// <typeparam name="TEval">The validation result.</typeparam>
/// <param name="model">The model trained.</param>
/// <param name="patience">Epochs without improvement before stopping.</param>
/// <param name="better">Whether the first result is better than the second (the best so far).</param>
internal sealed class BestEpoch<TEval>(Module model, int patience, Func<TEval, TEval, bool> better) where TEval : class
{
    private Dictionary<string, Tensor>? _weights;

    /// <summary>The best validation so far (null before the first epoch).</summary>
    public TEval? Validation { get; private set; }
    /// <summary>The epoch of <see cref="Validation"/> (0 before the first).</summary>
    public int Epoch { get; private set; }

    /// <summary>Records <paramref name="epoch"/>'s validation (a copy of the weights when it is the best); false when training should stop.</summary>
    public bool Continue(int epoch, TEval validation)
    {
        if (Validation == null || better(validation, Validation))
        {
            Validation = validation;
            Epoch = epoch;
            _weights = model.StateDict().ToDictionary(p => p.Key, p => p.Value.Detach().Clone());
            return true;
        }
        return epoch - Epoch < patience;
    }

    /// <summary>Loads the best epoch's weights into the model.</summary>
    public void Restore() => model.LoadStateDict(_weights ?? throw new InvalidOperationException("No epoch was recorded."));
}
