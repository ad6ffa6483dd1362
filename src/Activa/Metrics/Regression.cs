namespace Activa.Metrics;

/// <summary>Metrics for real-valued predictions, accumulated in double.</summary>
public static class Regression
{
    /// <summary>Mean squared error.</summary>
    public static double Mse(ReadOnlySpan<float> predicted, ReadOnlySpan<float> targets) => Mean(predicted, targets, nameof(Mse), d => d * d);

    /// <summary>Mean absolute error.</summary>
    public static double Mae(ReadOnlySpan<float> predicted, ReadOnlySpan<float> targets) => Mean(predicted, targets, nameof(Mae), Math.Abs);

    private static double Mean(ReadOnlySpan<float> predicted, ReadOnlySpan<float> targets, string metric, Func<double, double> f)
    {
        Classification.CheckLengths(predicted.Length, targets.Length, metric);
        if (targets.Length == 0) throw new ArgumentException($"{metric} of zero samples is undefined.");
        double sum = 0;
        for (int i = 0; i < targets.Length; i++) sum += f((double)predicted[i] - targets[i]);
        return sum / targets.Length;
    }
}
