namespace Activa.Data.Forecasting;

/// <summary>
/// The training, validation and test rows of a series for input length L and horizon H, chronological, as the
/// Time-Series-Library (TSL) cuts them.
/// </summary>
/// <remarks>
/// Ratio splits: train = ⌊r_train·T⌋, test = ⌊r_test·T⌋ (the double product, truncated, as TSL's <c>int(len·0.7)</c>),
/// validation = the rest. The borders are b₁ = train and b₂ = T − test. Validation rows are [b₁ − L, b₂) and test rows
/// [b₂ − L, T): they start L steps before their border, so the first validation or test window's target begins exactly
/// at the border and no target row is shared between splits. ETT (TSL only): b₁ = 12·30·24·k, b₂ = 16·30·24·k,
/// end = 20·30·24·k with k = 1 (hourly) or 4 (15-minute); rows after the end are unused, as in TSL.
/// Every split must hold at least one window: rows ≥ L + H.
/// </remarks>
public sealed record ForecastSplits(RowRange Train, RowRange Validation, RowRange Test, SplitProtocol Protocol, int InputLength, int Horizon)
{
    /// <summary>Cuts <paramref name="series"/> by <paramref name="protocol"/> for windows of <paramref name="inputLength"/> + <paramref name="horizon"/> rows.</summary>
    /// <exception cref="ArgumentException">L or H below 1, an unknown protocol, or a split with fewer than L + H rows
    /// ("series shorter than L + H"): the message names the series, the split, its rows, and the longest horizon that fits.</exception>
    public static ForecastSplits Create(TimeSeries series, SplitProtocol protocol, int inputLength, int horizon)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (inputLength < 1) throw new ArgumentException($"Input length must be at least 1, got {inputLength}.", nameof(inputLength));
        if (horizon < 1) throw new ArgumentException($"Horizon must be at least 1, got {horizon}.", nameof(horizon));
        var (b1, b2, end) = Borders(series, protocol);
        var splits = new ForecastSplits(new RowRange(0, b1), new RowRange(b1 - inputLength, b2), new RowRange(b2 - inputLength, end),
            protocol, inputLength, horizon);
        foreach (var (name, range) in new[] { ("training", splits.Train), ("validation", splits.Validation), ("test", splits.Test) })
            if (range.Start < 0 || range.Length < inputLength + horizon)
            {
                int fits = MaxHorizon(series, protocol, inputLength);
                string hint = fits >= 1 ? $"the longest horizon that fits at L = {inputLength} is {fits}" : $"no horizon fits at L = {inputLength}";
                throw new ArgumentException(
                    $"Series '{series.Name}' ({series.Length} steps) is too short for {protocol} splits at L = {inputLength}, H = {horizon}: " +
                    $"the {name} split has {Math.Max(range.Length, 0)} rows{(range.Start < 0 ? " (its border is before step L)" : "")}, fewer than L + H = {inputLength + horizon} " +
                    $"(series shorter than L + H); {hint}.");
            }
        return splits;
    }

    /// <summary>
    /// The longest horizon for which every split of <paramref name="series"/> holds a window at input length
    /// <paramref name="inputLength"/> (0 when none does): e.g. the horizon to use on a short series such as taylor.
    /// </summary>
    public static int MaxHorizon(TimeSeries series, SplitProtocol protocol, int inputLength)
    {
        ArgumentNullException.ThrowIfNull(series);
        var (b1, b2, end) = Borders(series, protocol);
        if (b1 - inputLength < 0) return 0;
        // Rows: train b1, validation b2 − b1 + L, test end − b2 + L; each must be ≥ L + H.
        int fit = Math.Min(b1 - inputLength, Math.Min(b2 - b1, end - b2));
        return Math.Max(fit, 0);
    }

    /// <summary>Number of windows in each split (rows − L − H + 1).</summary>
    public (int Train, int Validation, int Test) WindowCounts =>
        (Train.Length - InputLength - Horizon + 1, Validation.Length - InputLength - Horizon + 1, Test.Length - InputLength - Horizon + 1);

    private static (int B1, int B2, int End) Borders(TimeSeries series, SplitProtocol protocol)
    {
        int T = series.Length;
        switch (protocol)
        {
            case SplitProtocol.Tsl:
                int steps = series.Name.StartsWith("ETTh", StringComparison.Ordinal) ? 24
                          : series.Name.StartsWith("ETTm", StringComparison.Ordinal) ? 96 : 0;
                if (steps > 0)
                {
                    int month = 30 * steps;
                    if (T < 20 * month)
                        throw new ArgumentException($"Series '{series.Name}' has {T} steps; the ETT protocol needs 20 months of 30 days = {20 * month} steps.");
                    return (12 * month, 16 * month, 20 * month);
                }
                return Ratio(T, 0.7, 0.2);
            case SplitProtocol.Tpgn:
                return Ratio(T, 0.6, 0.2);
            default:
                throw new ArgumentException($"Unknown split protocol {protocol}.", nameof(protocol));
        }
    }

    private static (int, int, int) Ratio(int T, double train, double test)
    {
        int numTrain = (int)(T * train), numTest = (int)(T * test);
        return (numTrain, T - numTest, T);
    }
}
