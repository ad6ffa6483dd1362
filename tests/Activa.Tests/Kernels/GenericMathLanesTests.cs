using System.Runtime.Intrinsics;
using Activa.Kernels;

namespace Activa.Tests.Kernels;

/// <summary>
/// Every generic <see cref="VectorMath"/> function run at 1 (<see cref="Float1"/>), 8 (<see cref="Float8"/>) and 16
/// (<see cref="Float16"/>) lanes over the same inputs: the vector lanes must equal the scalar path bit for bit (any NaN
/// equals any NaN). Without AVX-512 the 16-lane path runs on the software Vector512 and the two-factor
/// <see cref="IFloatLanes{TV}.ScaleB"/>; with it, on vscalefps.
/// </summary>
public class GenericMathLanesTests
{
    /// <summary>A function of one lane value with one or two results (a second result repeats the first where there is none).</summary>
    public interface IFn
    {
        static abstract void F<TV>(TV x, out TV a, out TV b) where TV : struct, IFloatLanes<TV>;
    }

    private struct ExpFn : IFn { public static void F<TV>(TV x, out TV a, out TV b) where TV : struct, IFloatLanes<TV> => a = b = VectorMath.Exp(x); }
    private struct LogFn : IFn { public static void F<TV>(TV x, out TV a, out TV b) where TV : struct, IFloatLanes<TV> => a = b = VectorMath.Log(x); }
    private struct Log1pFn : IFn { public static void F<TV>(TV x, out TV a, out TV b) where TV : struct, IFloatLanes<TV> => a = b = VectorMath.Log1p(x); }
    private struct Log1pUnitFn : IFn { public static void F<TV>(TV x, out TV a, out TV b) where TV : struct, IFloatLanes<TV> => a = b = VectorMath.Log1pUnit(TV.Min(TV.Abs(x), 1f)); }
    private struct ErfFn : IFn { public static void F<TV>(TV x, out TV a, out TV b) where TV : struct, IFloatLanes<TV> => a = b = VectorMath.Erf(x); }
    private struct SigmoidFn : IFn { public static void F<TV>(TV x, out TV a, out TV b) where TV : struct, IFloatLanes<TV> => a = b = VectorMath.Sigmoid(x); }
    private struct TanhFn : IFn { public static void F<TV>(TV x, out TV a, out TV b) where TV : struct, IFloatLanes<TV> => a = b = VectorMath.Tanh(x); }
    private struct SoftplusFn : IFn { public static void F<TV>(TV x, out TV a, out TV b) where TV : struct, IFloatLanes<TV> => a = b = VectorMath.Softplus(x); }
    private struct ExpM1NegFn : IFn { public static void F<TV>(TV x, out TV a, out TV b) where TV : struct, IFloatLanes<TV> => a = b = VectorMath.ExpM1Neg(-TV.Abs(x)); }
    private struct CauchyCdfFn : IFn { public static void F<TV>(TV x, out TV a, out TV b) where TV : struct, IFloatLanes<TV> => a = b = VectorMath.CauchyCdf(x); }
    private struct SinCosFn : IFn { public static void F<TV>(TV x, out TV a, out TV b) where TV : struct, IFloatLanes<TV> => VectorMath.SinCos(x, out a, out b); }
    private struct SinCosOfProductFn : IFn { public static void F<TV>(TV x, out TV a, out TV b) where TV : struct, IFloatLanes<TV> => VectorMath.SinCosOfProduct(2.7182817f, x, out a, out b); }
    private struct SinCosOfSumFn : IFn { public static void F<TV>(TV x, out TV a, out TV b) where TV : struct, IFloatLanes<TV> => VectorMath.SinCosOfSum(x, x * 3e-8f, out a, out b); }
    private struct SincFn : IFn { public static void F<TV>(TV x, out TV a, out TV b) where TV : struct, IFloatLanes<TV> => VectorMath.Sinc(x, -8.742278e-8f, out a, out b); }

    private static readonly Dictionary<string, Func<float[], (float[] A, float[] B)[]>> Runs = new()
    {
        ["exp"] = RunAll<ExpFn>, ["log"] = RunAll<LogFn>, ["log1p"] = RunAll<Log1pFn>, ["log1pUnit"] = RunAll<Log1pUnitFn>,
        ["erf"] = RunAll<ErfFn>, ["sigmoid"] = RunAll<SigmoidFn>, ["tanh"] = RunAll<TanhFn>, ["softplus"] = RunAll<SoftplusFn>,
        ["expM1Neg"] = RunAll<ExpM1NegFn>, ["cauchyCdf"] = RunAll<CauchyCdfFn>, ["sinCos"] = RunAll<SinCosFn>,
        ["sinCosOfProduct"] = RunAll<SinCosOfProductFn>, ["sinCosOfSum"] = RunAll<SinCosOfSumFn>, ["sinc"] = RunAll<SincFn>,
    };

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var name in Runs.Keys) data.Add(name);
        return data;
    }

    /// <summary>Random floats of every magnitude and sign, an even grid over [−12, 12], and the special values; a multiple of 16.</summary>
    private static float[] Inputs()
    {
        var rng = new Random(12);
        var x = new List<float>();
        for (int i = 0; i < 8192; i++) x.Add(BitConverter.Int32BitsToSingle(rng.Next(int.MinValue, int.MaxValue)));
        for (int i = 0; i <= 8192; i++) x.Add(-12f + 24f * i / 8192);
        x.AddRange([0f, -0f, float.PositiveInfinity, float.NegativeInfinity, float.NaN, float.Epsilon, -float.Epsilon, 1.17549435e-38f,
            float.MaxValue, float.MinValue, 1f, -1f, 0.25f, -0.25f, 0.5f, -0.5f, 0.625f, 4f, 88.7228394f, -103.972084f, -104f,
            4194304f, -4194304f, 4194305f, 1e7f, 0.707106769f, 1.41421354f, MathF.PI, -MathF.PI, MathF.PI / 2, 0.414213568f]);
        while (x.Count % 16 != 0) x.Add(0.1f * x.Count);
        return x.ToArray();
    }

    private static (float[] A, float[] B)[] RunAll<T>(float[] x) where T : struct, IFn =>
        [Run<T, Float1>(x), Run<T, Float8>(x), Run<T, Float16>(x)];

    private static (float[] A, float[] B) Run<T, TV>(float[] x) where T : struct, IFn where TV : struct, IFloatLanes<TV>
    {
        var a = new float[x.Length];
        var b = new float[x.Length];
        for (int i = 0; i < x.Length; i += TV.Count)
        {
            T.F(TV.Load(ref x[i], 0), out var ya, out var yb);
            TV.Store(ya, ref a[i], 0);
            TV.Store(yb, ref b[i], 0);
        }
        return (a, b);
    }

    private static bool SameBits(float a, float b) =>
        BitConverter.SingleToInt32Bits(a) == BitConverter.SingleToInt32Bits(b) || (float.IsNaN(a) && float.IsNaN(b));

    [Theory]
    [MemberData(nameof(Names))]
    public void VectorLanesMatchScalarBitForBit(string name)
    {
        var x = Inputs();
        var r = Runs[name](x);
        string[] widths = ["Float1", "Float8", "Float16"];
        for (int w = 1; w < 3; w++)
            for (int i = 0; i < x.Length; i++)
            {
                if (!SameBits(r[0].A[i], r[w].A[i]))
                    Assert.Fail($"{name}({x[i]:R}): Float1 {r[0].A[i]:R}, {widths[w]} {r[w].A[i]:R}");
                if (!SameBits(r[0].B[i], r[w].B[i]))
                    Assert.Fail($"{name}({x[i]:R}), second result: Float1 {r[0].B[i]:R}, {widths[w]} {r[w].B[i]:R}");
            }
    }

    [Fact]
    public void SinCosQuadrantsAndSigns()
    {
        // the quadrant comes from the low bits of the rounded k + 1.5·2²³, negative k included
        for (int k = -9; k <= 9; k++)
        {
            float x = k * MathF.PI / 2 + 0.3f;
            VectorMath.SinCos<Float1>(x, out var s, out var c);
            Assert.Equal(Math.Sin(x), s.V, 6e-7);
            Assert.Equal(Math.Cos(x), c.V, 6e-7);
            VectorMath.SinCos(new Float8(Vector256.Create(x)), out var s8, out var c8);
            Assert.True(SameBits(s.V, s8.V[5]) && SameBits(c.V, c8.V[5]), $"x = {x:R}");
        }
    }
}
