using Activa.Kernels;

namespace Activa.Activations;

/// <summary>
/// ELU: f(x) = x for x &gt; 0, α(eˣ − 1) otherwise (α = 1); f'(x) = 1 for x &gt; 0, else y + α.
/// Clevert, Unterthiner &amp; Hochreiter, "Fast and Accurate Deep Network Learning by Exponential Linear Units (ELUs)", ICLR 2016.
/// </summary>
internal readonly struct EluOp(float alpha) : IFixedActivation<EluOp>
{
    public static ActivationInfo Info { get; } = new("elu", "x if x > 0, α(eˣ − 1) otherwise",
        "Clevert, Unterthiner & Hochreiter, Fast and Accurate Deep Network Learning by Exponential Linear Units (ELUs), ICLR", 2016,
        ActivationProperties.Monotone | ActivationProperties.ZeroCentred)
    {
        Parameters = [new("alpha", 1.0, "saturation value −α for x → −∞")],
        Lower = -1, Family = "exponential", Torch = "F.elu(x)",
    };
    public static DerivativeInput Uses => DerivativeInput.Both;
    public static EluOp Create(ActivationOptions options) => new(options.Float(Info, "alpha"));
    public double Reference(double x) => x > 0 ? x : alpha * (Math.Exp(x) - 1);

    public TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV> =>
        TV.Select(TV.GreaterThan(x, 0f), x, ExponentialUnit.Tail(x, alpha, 1f));
    public TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV> =>
        TV.Select(TV.GreaterThan(x, 0f), 1f, ExponentialUnit.Slope(y, alpha, 1f));
}

/// <summary>
/// The negative branch shared by the exponential units (ELU, CELU, SELU, PELU, MPELU, Hexpo): α(e^{rx} − 1) for
/// x ≤ 0, and its slope r(y + α) read off the output y.
/// </summary>
internal static class ExponentialUnit
{
    /// <summary>α(e^{rx} − 1) with x clamped to ≤ 0, through eˣ (ELU, CELU).</summary>
    public static TV Tail<TV>(TV x, float alpha, float rate) where TV : struct, IFloatLanes<TV> =>
        alpha * (TV.Exp(TV.Min(x, 0f) * rate) - 1f);

    /// <summary>α(e^{rx} − 1) with x clamped to ≤ 0, through the accurate eᵗ − 1 (PELU, MPELU).</summary>
    public static TV TailM1<TV>(TV x, float alpha, float rate) where TV : struct, IFloatLanes<TV> =>
        alpha * TV.ExpM1Neg(TV.Min(x, 0f) * rate);

    /// <summary>d/dx α(e^{rx} − 1) = r(y + α), from the output y of the tail.</summary>
    public static TV Slope<TV>(TV y, float alpha, float rate) where TV : struct, IFloatLanes<TV> =>
        (y + alpha) * rate;
}
