namespace Activa.IO.Torch;

/// <summary>
/// What the PyTorch mappings of every model family share: renaming and re-laying tensors between Activa's state and a
/// PyTorch module's state_dict, and checking a state_dict against the one a model expects, every mismatch in one error.
/// </summary>
internal static class TorchState
{
    /// <summary>
    /// Checks <paramref name="given"/> (read from <paramref name="source"/>) against <paramref name="expected"/>: names on
    /// either side only, and shapes that differ, all listed in one <see cref="CheckpointFormatException"/>.
    /// </summary>
    public static void Check(IReadOnlyDictionary<string, Tensor> expected, IReadOnlyDictionary<string, Tensor> given, string source, string module)
    {
        var problems = new List<string>();
        foreach (var name in given.Keys)
            if (!expected.ContainsKey(name)) problems.Add($"'{name}' is not part of the equivalent module");
        foreach (var (name, want) in expected)
            if (!given.TryGetValue(name, out var have)) problems.Add($"'{name}' is missing");
            else if (!have.Shape.SequenceEqual(want.Shape)) problems.Add($"'{name}' has shape {Shape.Format(have.Shape)}, expected {Shape.Format(want.Shape)}");
        if (problems.Count > 0)
            throw new CheckpointFormatException(source, $"{source} does not fit {module}: {string.Join("; ", problems)}.");
    }

    /// <summary>
    /// The state_dict of the PyTorch module equivalent to <paramref name="model"/>: <paramref name="moduleSource"/> is
    /// asked first, so that a model without an equivalent fails before anything is copied, then the model's state is
    /// mapped (<see cref="Map"/>).
    /// </summary>
    /// <exception cref="NotSupportedException">No equivalent module (from <paramref name="moduleSource"/>).</exception>
    public static Dictionary<string, Tensor> Export<TModel>(TModel model, Func<TModel, string> moduleSource, Func<string, string> rename,
        Func<string, Tensor, Tensor> relayout) where TModel : Nn.Module
    {
        ArgumentNullException.ThrowIfNull(model);
        _ = moduleSource(model);
        return Map(model.StateDict(), rename, relayout);
    }

    /// <summary>A detached copy of every entry of <paramref name="state"/> under <paramref name="rename"/>'s name, re-laid by <paramref name="relayout"/>.</summary>
    public static Dictionary<string, Tensor> Map(IEnumerable<KeyValuePair<string, Tensor>> state, Func<string, string> rename, Func<string, Tensor, Tensor> relayout)
    {
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, tensor) in state) result[rename(name)] = relayout(name, tensor.Detach().Contiguous().Clone());
        return result;
    }

    /// <summary>A copy of <paramref name="t"/> with its last axis reversed (its own inverse).</summary>
    public static Tensor FlipLast(Tensor t)
    {
        var v = t.Contiguous().ToArray();
        int n = t.Dims[^1];
        var flipped = new float[v.Length];
        for (int row = 0; row < v.Length; row += n)
            for (int j = 0; j < n; j++) flipped[row + j] = v[row + n - 1 - j];
        return Tensor.FromArray(flipped, [.. t.Dims]);
    }
}
