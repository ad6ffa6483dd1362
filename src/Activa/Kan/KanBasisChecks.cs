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

    /// <summary>Checks that option <paramref name="option"/> of basis <paramref name="basis"/> is in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    /// <exception cref="ArgumentException">It is not; the message names basis, option and value, the exception <paramref name="parameter"/>.</exception>
    public static void InRange(string basis, string option, int value, int min, int max, string parameter)
    {
        if (value < min || value > max) throw new ArgumentException($"{basis}: {option} must be in [{min}, {max}], got {value}.", parameter);
    }

    /// <summary>Checks that <paramref name="what"/> of basis <paramref name="basis"/>, [<paramref name="lo"/>, <paramref name="hi"/>], is finite with lo &lt; hi.</summary>
    /// <exception cref="ArgumentException">It is not (the exception names "lo").</exception>
    public static void Interval(string basis, string what, float lo, float hi)
    {
        if (!(lo < hi) || !float.IsFinite(lo) || !float.IsFinite(hi))
            throw new ArgumentException($"{basis}: {what} needs finite lo < hi, got [{lo}, {hi}].", nameof(lo));
    }

    /// <summary>A float as a spec option value: the shortest text that parses back to the same float.</summary>
    public static string Format(float v) => v.ToString("R", CultureInfo.InvariantCulture);
}
