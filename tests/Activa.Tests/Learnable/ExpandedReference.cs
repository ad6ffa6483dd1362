using Activa.Activations;
using Activa.Activations.Learnable;
using Activa.Kernels;

namespace Activa.Tests.Learnable;

/// <summary>Shared reference pieces of the expanded-gating tests: f(x) = x·((1 + 2α)·g(x) − α).</summary>
internal static class ExpandedReference
{
    public static double Atan(double x) => 0.5 + Math.Atan(x) / Math.PI;
    public static double Phi(double x) => 0.5 * (1 + RefMath.Erf(x / Math.Sqrt(2)));
    public static double Sigma(double x) => 1 / (1 + Math.Exp(-x));
    public static Func<double, double[], double> F(Func<double, double> gate) => (x, p) => x * ((1 + 2 * p[0]) * gate(x) - p[0]);
}
