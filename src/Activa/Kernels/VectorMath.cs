// PLACEHOLDER: replaced by the precise vector implementation.
using System.Runtime.Intrinsics;
namespace Activa.Kernels;
public static class VectorMath
{
    private static Vector256<float> Lanes(Vector256<float> x, Func<float, float> f) { Span<float> t = stackalloc float[8]; x.CopyTo(t); for (int i = 0; i < 8; i++) t[i] = f(t[i]); return Vector256.Create((ReadOnlySpan<float>)t); }
    private static Vector512<float> Lanes(Vector512<float> x, Func<float, float> f) { Span<float> t = stackalloc float[16]; x.CopyTo(t); for (int i = 0; i < 16; i++) t[i] = f(t[i]); return Vector512.Create((ReadOnlySpan<float>)t); }
    public static float Exp(float x) => MathF.Exp(x);
    public static Vector256<float> Exp(Vector256<float> x) => Lanes(x, MathF.Exp);
    public static Vector512<float> Exp(Vector512<float> x) => Lanes(x, MathF.Exp);
    public static float Log(float x) => MathF.Log(x);
    public static Vector256<float> Log(Vector256<float> x) => Lanes(x, MathF.Log);
    public static Vector512<float> Log(Vector512<float> x) => Lanes(x, MathF.Log);
    public static float Tanh(float x) => MathF.Tanh(x);
    public static Vector256<float> Tanh(Vector256<float> x) => Lanes(x, MathF.Tanh);
    public static Vector512<float> Tanh(Vector512<float> x) => Lanes(x, MathF.Tanh);
    public static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));
    public static Vector256<float> Sigmoid(Vector256<float> x) => Lanes(x, Sigmoid);
    public static Vector512<float> Sigmoid(Vector512<float> x) => Lanes(x, Sigmoid);
    public static float Erf(float x) { double t = 1 / (1 + 0.3275911 * Math.Abs(x)); double y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.Exp(-(double)x * x); return (float)(x < 0 ? -y : y); }
    public static Vector256<float> Erf(Vector256<float> x) => Lanes(x, Erf);
    public static Vector512<float> Erf(Vector512<float> x) => Lanes(x, Erf);
    public static float Softplus(float x) => MathF.Max(x, 0) + MathF.Log(1 + MathF.Exp(-MathF.Abs(x)));
    public static Vector256<float> Softplus(Vector256<float> x) => Lanes(x, Softplus);
    public static Vector512<float> Softplus(Vector512<float> x) => Lanes(x, Softplus);
}
