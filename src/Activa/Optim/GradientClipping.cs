namespace Activa.Optim;

/// <summary>Rescales gradients whose global L2 norm is too large (Pascanu et al., 2013).</summary>
public static class GradientClipping
{
    /// <summary>
    /// Computes the L2 norm of all gradients together (dense and row-sparse) and, when it exceeds
    /// <paramref name="maxNorm"/>, scales them all by maxNorm / (norm + 1e-6). Returns the norm before clipping
    /// (NaN or ∞ if a gradient holds one: nothing is scaled then).
    /// </summary>
    public static double ClipByNorm(IEnumerable<Tensor> parameters, double maxNorm)
    {
        if (!(maxNorm > 0)) throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "maxNorm must be positive.");
        var grads = parameters.Select(p => p.SparseGrad?.Values ?? p.Grad).Where(g => g != null).Select(g => g!).ToList();
        double sq = 0;
        foreach (var g in grads)
            foreach (float v in g.ToArray()) sq += (double)v * v;
        double norm = Math.Sqrt(sq);
        if (norm > maxNorm && double.IsFinite(norm))
        {
            float scale = (float)(maxNorm / (norm + 1e-6));
            using (Tensor.NoGrad())
                foreach (var g in grads) g.MulInPlace(scale);
        }
        return norm;
    }
}
