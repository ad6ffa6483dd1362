using System.Globalization;

namespace Activa.Kan;

/// <summary>Checks and formatting shared by the KAN bases.</summary>
internal static class KanBasisChecks
{
    /// <summary>Checks that <paramref name="inputs"/> (a selection for <see cref="KanBasis.Select"/>) is non-empty and indexes [0, <paramref name="count"/>); returns its length.</summary>
    /// <exception cref="ArgumentException">An empty selection.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index outside the basis's inputs.</exception>
    public static int Selection(int[] inputs, int count)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Length == 0) throw new ArgumentException("A KAN basis keeps at least one input.", nameof(inputs));
        foreach (int i in inputs)
            if ((uint)i >= (uint)count) throw new ArgumentOutOfRangeException(nameof(inputs), $"Input {i} is not in [0, {count}).");
        return inputs.Length;
    }

    /// <summary>A float as a spec option value: the shortest text that parses back to the same float.</summary>
    public static string Format(float v) => v.ToString("R", CultureInfo.InvariantCulture);
}
