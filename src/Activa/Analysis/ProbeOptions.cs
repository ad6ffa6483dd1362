namespace Activa.Analysis;

/// <summary>When probes record a forward pass, by the module's training mode.</summary>
public enum ProbeMode
{
    /// <summary>Every forward pass.</summary>
    Always,
    /// <summary>Only passes in training mode (e.g. to log dead neurons over training batches, not validation).</summary>
    Training,
    /// <summary>Only passes in evaluation mode.</summary>
    Evaluation,
}

/// <summary>Settings of <see cref="ActivationProbes"/> and <see cref="UnitStatistics"/>.</summary>
public sealed record ProbeOptions
{
    /// <summary>Histogram bins (default 60).</summary>
    public int Bins { get; init; } = 60;
    /// <summary>Left edge of the histograms (default −6); smaller values are counted as underflow.</summary>
    public double HistogramMin { get; init; } = -6;
    /// <summary>Right edge of the histograms (default 6); larger values are counted as overflow.</summary>
    public double HistogramMax { get; init; } = 6;
    /// <summary>ε of the "|a| &lt; ε" near-zero share (default 1e-3).</summary>
    public float Epsilon { get; init; } = 1e-3f;
    /// <summary>A unit is inactive on a sample when its output has |a| ≤ this (default 0: exactly zero); static dead units are inactive on every sample.</summary>
    public float DeadThreshold { get; init; }
    /// <summary>Saturation tolerance as a share of the bounded range: a is saturated when within tol·(Upper − Lower) of a bound (default 0.01).</summary>
    public double SaturationTolerance { get; init; } = 0.01;
    /// <summary>Also collect statistics and histograms of the activations' inputs (pre-activations); default true.</summary>
    public bool Inputs { get; init; } = true;
    /// <summary>Fill the histograms (default true); off, the probes cost about half as much, e.g. to log dead-neuron rates while training.</summary>
    public bool Histograms { get; init; } = true;
    /// <summary>Which forward passes are recorded (default all).</summary>
    public ProbeMode Mode { get; init; } = ProbeMode.Always;

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentException">Names the first invalid setting and its value.</exception>
    public void Validate()
    {
        if (Bins < 1 || Bins > 100_000) throw new ArgumentException($"ProbeOptions.Bins must be in [1, 100000], got {Bins}.");
        if (!double.IsFinite(HistogramMin) || !double.IsFinite(HistogramMax) || !(HistogramMin < HistogramMax))
            throw new ArgumentException($"ProbeOptions: the histogram range must be finite with HistogramMin < HistogramMax, got [{HistogramMin}, {HistogramMax}].");
        if (!(Epsilon > 0) || !float.IsFinite(Epsilon)) throw new ArgumentException($"ProbeOptions.Epsilon must be finite and > 0, got {Epsilon}.");
        if (!(DeadThreshold >= 0) || !float.IsFinite(DeadThreshold)) throw new ArgumentException($"ProbeOptions.DeadThreshold must be finite and ≥ 0, got {DeadThreshold}.");
        if (!(SaturationTolerance >= 0 && SaturationTolerance < 0.5))
            throw new ArgumentException($"ProbeOptions.SaturationTolerance must be in [0, 0.5), got {SaturationTolerance}.");
    }
}
