namespace Activa.Activations.Learnable;

/// <summary>A PAU kernel's coefficient slots: a₀..a_M at 0..M, the denominator's N coefficients at M + 1...</summary>
/// <remarks>A unit of lower degrees runs a kernel with more slots, its extra coefficients 0 (for finite x the same
/// arithmetic: a zero leading Horner coefficient adds exactly nothing).</remarks>
internal interface IPauSlots
{
    /// <summary>Numerator degree of the slots.</summary>
    static abstract int M { get; }
    /// <summary>Denominator degree of the slots.</summary>
    static abstract int N { get; }
}

/// <summary>Slots for degrees up to 5/4 (K = 10).</summary>
internal readonly struct PauSlots54 : IPauSlots { public static int M => 5; public static int N => 4; }

/// <summary>Slots for degrees up to 10/10 (K = 21).</summary>
internal readonly struct PauSlots1010 : IPauSlots { public static int M => 10; public static int N => 10; }

/// <summary>The denominator form of <see cref="RationalVersion"/> (D is B with noised coefficients).</summary>
internal interface IPauForm
{
    /// <summary>A: Q = 1 + Σ|bⱼ|·|x|ʲ.</summary>
    static abstract bool AbsTerms { get; }
    /// <summary>C: powers 0..n−1 and Q = 0.1 + |S|.</summary>
    static abstract bool ConstantTerm { get; }
}

internal readonly struct PauFormA : IPauForm { public static bool AbsTerms => true; public static bool ConstantTerm => false; }
internal readonly struct PauFormB : IPauForm { public static bool AbsTerms => false; public static bool ConstantTerm => false; }
internal readonly struct PauFormC : IPauForm { public static bool AbsTerms => false; public static bool ConstantTerm => true; }

/// <summary>
/// The rational function P/Q of any form, at the slot degrees of <typeparamref name="TSlots"/>. Forward returns F(x);
/// backward returns g·F′(x) and adds g·∂F/∂aᵢ, g·∂F/∂bⱼ to G0..G(K−1) (slot order).
/// </summary>
internal readonly struct PauKernel<TForm, TSlots> : ISetKernel, IPauSlots where TForm : struct, IPauForm where TSlots : struct, IPauSlots
{
    public static int M => TSlots.M;
    public static int N => TSlots.N;
    public static int CoefficientCount => M + 1 + N;
    public static int GradientCount => M + 1 + N;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Forward<TV>(TV x, in Coefs<TV> c) where TV : struct, IFloatLanes<TV>
    {
        TV p = c.Get(M);
        for (int i = M - 1; i >= 0; i--) p = TV.Fma(p, x, c.Get(i));
        return p / Q(Denominator(x, c, out _));
    }

    /// <summary>S (the sum inside the absolute value; A: Σ|bⱼ||x|ʲ) and its derivative in z (x, or |x| for A).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Denominator<TV>(TV x, in Coefs<TV> c, out TV ds) where TV : struct, IFloatLanes<TV>
    {
        TV z = TForm.AbsTerms ? TV.Abs(x) : x;
        TV h = TForm.AbsTerms ? TV.Abs(c.Get(M + N)) : c.Get(M + N), dh = default;
        for (int j = N - 1; j >= 1; j--)
        {
            dh = TV.Fma(dh, z, h);
            var bj = c.Get(M + j);
            h = TV.Fma(h, z, TForm.AbsTerms ? TV.Abs(bj) : bj);
        }
        if (TForm.ConstantTerm)
        {
            ds = dh;
            return h;
        }
        ds = TV.Fma(z, dh, h);
        return h * z;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Q<TV>(TV s) where TV : struct, IFloatLanes<TV> =>
        TForm.AbsTerms ? 1f + s : TForm.ConstantTerm ? (float)Rational.VersionCOffset + TV.Abs(s) : 1f + TV.Abs(s);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Backward<TV>(TV x, TV g, in Coefs<TV> c, ref Grads<TV> acc) where TV : struct, IFloatLanes<TV>
    {
        TV p = c.Get(M), dp = default;
        for (int i = M - 1; i >= 0; i--)
        {
            dp = TV.Fma(dp, x, p);
            p = TV.Fma(p, x, c.Get(i));
        }
        var s = Denominator(x, c, out var ds);
        var rq = 1f / Q(s);
        var y = p * rq;
        // dQ/dx: A: sign(x)·S′(|x|); B–D: sign(S)·S′(x); sign(0) = 0 here.
        var t = g * rq;
        var gx = t * (dp - y * ((TForm.AbsTerms ? LearnableMath.Sign(x) : LearnableMath.Sign(s)) * ds));
        TV pw = 1f;
        for (int i = 0; i <= M; i++)
        {
            acc.Fma(i, t, pw);
            pw *= x;
        }
        // ∂F/∂bⱼ = −(F/Q)·∂Q/∂bⱼ with the right derivative of |·| at 0.
        var u = (default(TV) - t) * y;
        if (!TForm.AbsTerms) u *= LearnableMath.SignPlus(s);
        TV z = TForm.AbsTerms ? TV.Abs(x) : x;
        pw = TForm.ConstantTerm ? 1f : z;
        for (int j = 0; j < N; j++)
        {
            acc.Fma(M + 1 + j, TForm.AbsTerms ? u * LearnableMath.SignPlus(c.Get(M + 1 + j)) : u, pw);
            pw *= z;
        }
        return gx;
    }
}

/// <summary>
/// The default PAU — degrees 5/4, Q = 1 + |b₁x + … + b₄x⁴| (versions B and D) — written out: K = 10 coefficients and
/// 10 sums in named fields, no loops, so the JIT keeps them in registers on every lane width.
/// </summary>
internal readonly struct PauSafe54 : ISetKernel, IPauSlots
{
    public static int M => 5;
    public static int N => 4;
    public static int CoefficientCount => 10;
    public static int GradientCount => 10;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Forward<TV>(TV x, in Coefs<TV> c) where TV : struct, IFloatLanes<TV>
    {
        var p = TV.Fma(TV.Fma(TV.Fma(TV.Fma(TV.Fma(c.C5, x, c.C4), x, c.C3), x, c.C2), x, c.C1), x, c.C0);
        var h = TV.Fma(TV.Fma(TV.Fma(c.C9, x, c.C8), x, c.C7), x, c.C6);
        return p / (1f + TV.Abs(h * x));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Backward<TV>(TV x, TV g, in Coefs<TV> c, ref Grads<TV> acc) where TV : struct, IFloatLanes<TV>
    {
        // P, P′ and the inner denominator h, h′ (Horner with derivative), in the order of the generic kernel.
        var p = TV.Fma(c.C5, x, c.C4);
        var dp = TV.Fma(c.C5, x, p);
        p = TV.Fma(p, x, c.C3);
        dp = TV.Fma(dp, x, p);
        p = TV.Fma(p, x, c.C2);
        dp = TV.Fma(dp, x, p);
        p = TV.Fma(p, x, c.C1);
        dp = TV.Fma(dp, x, p);
        p = TV.Fma(p, x, c.C0);
        var h = TV.Fma(c.C9, x, c.C8);
        var dh = TV.Fma(c.C9, x, h);
        h = TV.Fma(h, x, c.C7);
        dh = TV.Fma(dh, x, h);
        h = TV.Fma(h, x, c.C6);
        var s = h * x;
        var ds = TV.Fma(x, dh, h);
        var rq = 1f / (1f + TV.Abs(s));
        var f = p * rq;
        var t = g * rq;
        var gx = t * (dp - f * (LearnableMath.Sign(s) * ds));
        var x2 = x * x;
        var x3 = x2 * x;
        var x4 = x3 * x;
        acc.G0 += t;
        acc.G1 = TV.Fma(t, x, acc.G1);
        acc.G2 = TV.Fma(t, x2, acc.G2);
        acc.G3 = TV.Fma(t, x3, acc.G3);
        acc.G4 = TV.Fma(t, x4, acc.G4);
        acc.G5 = TV.Fma(t, x4 * x, acc.G5);
        // ∂F/∂bⱼ = −(F/Q)·sign⁺(S)·xʲ, with the right derivative of |·| at 0.
        var u = (default(TV) - t) * f * LearnableMath.SignPlus(s);
        acc.G6 = TV.Fma(u, x, acc.G6);
        acc.G7 = TV.Fma(u, x2, acc.G7);
        acc.G8 = TV.Fma(u, x3, acc.G8);
        acc.G9 = TV.Fma(u, x4, acc.G9);
        return gx;
    }
}
