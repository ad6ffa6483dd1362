namespace Activa.Kernels;

/// <summary>Dense least squares by Householder QR, in double (the rational fits of PAU and GR-KAN start from it).</summary>
internal static class LeastSquares
{
    /// <summary>argmin ‖A x − b‖² + ridge·‖x‖² for A given by rows (rows are not modified).</summary>
    public static double[] Solve(double[][] rows, double[] b, double ridge)
    {
        int cols = rows[0].Length;
        int extra = ridge > 0 ? cols : 0;
        int mRows = rows.Length + extra;
        // Column-major copy for the Householder sweeps.
        var a = new double[cols][];
        for (int j = 0; j < cols; j++)
        {
            a[j] = new double[mRows];
            for (int i = 0; i < rows.Length; i++) a[j][i] = rows[i][j];
            if (extra > 0) a[j][rows.Length + j] = Math.Sqrt(ridge);
        }
        var rhs = new double[mRows];
        Array.Copy(b, rhs, rows.Length);
        var diag = new double[cols];
        for (int j = 0; j < cols; j++)
        {
            var col = a[j];
            double norm = 0;
            for (int i = j; i < mRows; i++) norm += col[i] * col[i];
            norm = Math.Sqrt(norm);
            if (norm == 0)
            {
                diag[j] = 0;
                continue;
            }
            double alpha = col[j] > 0 ? -norm : norm;
            // v = x − α e₁ stored in col[j..]; H = I − 2 v vᵀ / vᵀv.
            col[j] -= alpha;
            double vv = 0;
            for (int i = j; i < mRows; i++) vv += col[i] * col[i];
            for (int k = j + 1; k < cols; k++)
            {
                var other = a[k];
                double dot = 0;
                for (int i = j; i < mRows; i++) dot += col[i] * other[i];
                double f = 2 * dot / vv;
                for (int i = j; i < mRows; i++) other[i] -= f * col[i];
            }
            {
                double dot = 0;
                for (int i = j; i < mRows; i++) dot += col[i] * rhs[i];
                double f = 2 * dot / vv;
                for (int i = j; i < mRows; i++) rhs[i] -= f * col[i];
            }
            diag[j] = alpha;
        }
        // Back substitution with R (diagonal in diag, above it in a[k][j], k > j).
        var x = new double[cols];
        double tol = 1e-13 * diag.Max(Math.Abs);
        for (int j = cols - 1; j >= 0; j--)
        {
            double s = rhs[j];
            for (int k = j + 1; k < cols; k++) s -= a[k][j] * x[k];
            x[j] = Math.Abs(diag[j]) > tol ? s / diag[j] : 0;
        }
        return x;
    }
}
