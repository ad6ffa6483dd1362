using Activa.Kernels;

namespace Activa.Tests.Kernels;

/// <summary>
/// Every unary and binary arithmetic operator run at 1, 8 and 16 lanes over the same inputs (special values included):
/// the vector lanes equal the scalar path bit for bit (any NaN equals any NaN), and the scalar path has the semantics
/// PyTorch gives these operations. Pow is the exception to bit equality: whole vectors of positive bases use exp(b·ln a), within rounding of MathF.Pow.
/// </summary>
public class ArithmeticOpsLanesTests
{
    private static readonly float[] Specials =
        [0f, -0f, 1f, -1f, 0.5f, -2.5f, 3f, 1e-30f, -1e30f, float.PositiveInfinity, float.NegativeInfinity, float.NaN, float.Epsilon];

    /// <summary>Pairs (a, b): random values of several magnitudes and every pair of special values; a multiple of 16.</summary>
    private static (float[] A, float[] B) Inputs()
    {
        var rng = new Random(7);
        var a = new List<float>();
        var b = new List<float>();
        for (int i = 0; i < 4096; i++)
        {
            a.Add((float)((rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-3, 4))));
            b.Add(i % 7 == 0 ? a[^1] : (float)((rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-3, 4))));
        }
        foreach (var x in Specials)
            foreach (var y in Specials) { a.Add(x); b.Add(y); }
        while (a.Count % 16 != 0) { a.Add(2f); b.Add(0.5f); }
        return ([.. a], [.. b]);
    }

    private static float[] Unary<TOp, TV>(TOp op, float[] x) where TOp : struct, IUnaryOp where TV : struct, IFloatLanes<TV>
    {
        var y = new float[x.Length];
        for (int i = 0; i < x.Length; i += TV.Count) TV.Store(op.Apply(TV.Load(ref x[i], 0)), ref y[i], 0);
        return y;
    }

    private static float[] Binary<TOp, TV>(TOp op, float[] a, float[] b) where TOp : struct, IBinaryOp where TV : struct, IFloatLanes<TV>
    {
        var z = new float[a.Length];
        for (int i = 0; i < a.Length; i += TV.Count) TV.Store(op.Apply(TV.Load(ref a[i], 0), TV.Load(ref b[i], 0)), ref z[i], 0);
        return z;
    }

    private static void SameBits(float[] expected, float[] actual, string what)
    {
        for (int i = 0; i < expected.Length; i++)
            if (!(float.IsNaN(expected[i]) && float.IsNaN(actual[i])) && BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
                Assert.Fail($"{what}: element {i}: scalar {expected[i]:R}, lanes {actual[i]:R}");
    }

    private static void CheckUnary<TOp>(TOp op, Func<float, float> reference) where TOp : struct, IUnaryOp
    {
        var (x, _) = Inputs();
        var scalar = Unary<TOp, Float1>(op, x);
        SameBits(scalar, Unary<TOp, Float8>(op, x), $"{typeof(TOp).Name} at 8 lanes");
        SameBits(scalar, Unary<TOp, Float16>(op, x), $"{typeof(TOp).Name} at 16 lanes");
        SameBits([.. x.Select(reference)], scalar, $"{typeof(TOp).Name} against its reference");
    }

    private static void CheckBinary<TOp>(TOp op, Func<float, float, float> reference) where TOp : struct, IBinaryOp
    {
        var (a, b) = Inputs();
        var scalar = Binary<TOp, Float1>(op, a, b);
        SameBits(scalar, Binary<TOp, Float8>(op, a, b), $"{typeof(TOp).Name} at 8 lanes");
        SameBits(scalar, Binary<TOp, Float16>(op, a, b), $"{typeof(TOp).Name} at 16 lanes");
        SameBits([.. a.Zip(b, reference)], scalar, $"{typeof(TOp).Name} against its reference");
    }

    [Fact]
    public void BinaryOperatorsAgreeAcrossLaneWidths()
    {
        CheckBinary(new AddOp(), (a, b) => a + b);
        CheckBinary(new SubOp(), (a, b) => a - b);
        CheckBinary(new MulOp(), (a, b) => a * b);
        CheckBinary(new DivOp(), (a, b) => a / b);
        CheckBinary(new MaxOp(), (a, b) => float.IsNaN(a) || float.IsNaN(b) ? float.NaN : MathF.Max(a, b));
        CheckBinary(new MinOp(), (a, b) => float.IsNaN(a) || float.IsNaN(b) ? float.NaN : MathF.Min(a, b));
        CheckBinary(new MaxGradLeftOp(), (a, b) => a > b ? 1f : a == b ? 0.5f : 0f);
        CheckBinary(new TakeRightOp(), (a, b) => b);
    }

    [Fact]
    public void UnaryOperatorsAgreeAcrossLaneWidths()
    {
        CheckUnary(new NegOp(), x => -x);
        CheckUnary(new AbsOp(), MathF.Abs);
        CheckUnary(new SignOp(), x => x > 0 ? 1f : x < 0 ? -1f : x);
        CheckUnary(new SqrtOp(), MathF.Sqrt);
        CheckUnary(new ClampOp(-1f, 2f), x => x < -1f ? -1f : x > 2f ? 2f : x);
        CheckUnary(new InRangeOp(-1f, 2f), x => x >= -1f && x <= 2f ? 1f : 0f);
        CheckUnary(new AffineOp(1.5f, -0.25f), x => MathF.FusedMultiplyAdd(x, 1.5f, -0.25f));
        // exp and log: the lanes equal the scalar path; their accuracy is VectorMath's (tested there).
        CheckUnary(new ExpOp(), x => VectorMath.Exp(new Float1(x)).V);
        CheckUnary(new LogOp(), x => VectorMath.Log(new Float1(x)).V);
    }

    [Fact]
    public void PowMatchesMathFPowWithinRounding()
    {
        var (a, b) = Inputs();
        var expected = a.Zip(b, MathF.Pow).ToArray();
        foreach (var z in new[] { Binary<PowOp, Float1>(new(), a, b), Binary<PowOp, Float8>(new(), a, b), Binary<PowOp, Float16>(new(), a, b) })
            for (int i = 0; i < z.Length; i++)
            {
                if (float.IsNaN(expected[i])) { Assert.True(float.IsNaN(z[i]), $"pow({a[i]}, {b[i]}): {z[i]}, expected NaN"); continue; }
                if (z[i] == expected[i] || float.IsInfinity(expected[i]) || Math.Abs(expected[i]) < 1e-30f) continue; // exact, or overflow/underflow edges
                // exp(b·ln a) loses about |b·ln a| ulps of the logarithm's rounding
                double tolerance = 1e-6 * (1 + Math.Abs(b[i] * Math.Log(Math.Abs(a[i])))) * Math.Abs(expected[i]);
                Assert.True(Math.Abs(z[i] - expected[i]) <= tolerance, $"pow({a[i]}, {b[i]}) = {z[i]}, expected {expected[i]}");
            }
    }
}
