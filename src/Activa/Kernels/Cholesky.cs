namespace Activa.Kernels;

/// <summary>Solves small symmetric positive-definite systems in double precision (least-squares fits: rational
/// activations, KAN grid refits, symbolic edges).</summary>
internal static class Cholesky
{
    /// <summary>
    /// Solves A·X = B in place: <paramref name="a"/> [n, n] (lower triangle read, overwritten by the factor),
    /// <paramref name="b"/> [n, m] (overwritten by X). False, with A partly overwritten, when A is not positive definite.
    /// </summary>
    public static bool TrySolve(double[] a, double[] b, int n, int m = 1)
    {
        for (int j = 0; j < n; j++)
        {
            double d = a[j * n + j];
            for (int k = 0; k < j; k++) d -= a[j * n + k] * a[j * n + k];
            if (!(d > 0)) return false;
            d = Math.Sqrt(d);
            a[j * n + j] = d;
            for (int i = j + 1; i < n; i++)
            {
                double s = a[i * n + j];
                for (int k = 0; k < j; k++) s -= a[i * n + k] * a[j * n + k];
                a[i * n + j] = s / d;
            }
        }
        for (int c = 0; c < m; c++)
        {
            for (int i = 0; i < n; i++)
            {
                double s = b[i * m + c];
                for (int k = 0; k < i; k++) s -= a[i * n + k] * b[k * m + c];
                b[i * m + c] = s / a[i * n + i];
            }
            for (int i = n - 1; i >= 0; i--)
            {
                double s = b[i * m + c];
                for (int k = i + 1; k < n; k++) s -= a[k * n + i] * b[k * m + c];
                b[i * m + c] = s / a[i * n + i];
            }
        }
        return true;
    }
}
