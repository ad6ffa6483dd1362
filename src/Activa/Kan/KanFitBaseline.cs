namespace Activa.Kan;

/// <summary>
/// The MLP a KAN is compared with: the same number of hidden layers as asked, all of one width h, with h chosen so
/// that its parameter count is the closest to the KAN's (ties to the larger MLP).
/// </summary>
public static class KanFitBaseline
{
    /// <summary>Weights and biases of an MLP inputs → hidden... → outputs.</summary>
    public static long MlpParameters(int inputs, IReadOnlyList<int> hidden, int outputs)
    {
        long count = 0;
        int width = inputs;
        foreach (int h in hidden.Append(outputs))
        {
            count += (long)width * h + h;
            width = h;
        }
        return count;
    }

    /// <summary>
    /// Hidden widths ([h] × <paramref name="depth"/>) of the MLP from <paramref name="inputs"/> to
    /// <paramref name="outputs"/> whose parameter count is closest to <paramref name="target"/>.
    /// </summary>
    /// <exception cref="ArgumentException">Non-positive sizes, depth or target.</exception>
    public static int[] EqualParameterWidths(int inputs, int outputs, int depth, long target)
    {
        if (inputs < 1 || outputs < 1 || depth < 1 || target < 1)
            throw new ArgumentException($"Matching an MLP needs positive sizes, depth and target, got inputs={inputs}, outputs={outputs}, depth={depth}, target={target}.");
        int best = 1;
        long bestGap = long.MaxValue;
        for (int h = 1; h <= 1 << 20; h++)
        {
            long count = MlpParameters(inputs, Enumerable.Repeat(h, depth).ToArray(), outputs);
            long gap = Math.Abs(count - target);
            if (gap <= bestGap) { best = h; bestGap = gap; }
            if (count > target) break;
        }
        return Enumerable.Repeat(best, depth).ToArray();
    }
}
