namespace Activa.Activations;

/// <summary>Mathematical properties an activation declares; the test suite checks each on a dense grid.</summary>
[Flags]
public enum ActivationProperties
{
    /// <summary>No declared property.</summary>
    None = 0,
    /// <summary>Non-decreasing everywhere.</summary>
    Monotone = 1 << 0,
    /// <summary>Continuously differentiable everywhere (C¹).</summary>
    Smooth = 1 << 1,
    /// <summary>f(0) = 0 and f takes both signs.</summary>
    ZeroCentred = 1 << 2,
    /// <summary>Exactly zero on a whole interval of inputs (sparse outputs).</summary>
    Sparse = 1 << 3,
    /// <summary>Of the form x·g(x) with a gate g in [0, 1] (or a similar self-gating).</summary>
    SelfGated = 1 << 4,
    /// <summary>Periodic, or periodic around a linear trend.</summary>
    Periodic = 1 << 5,
}
