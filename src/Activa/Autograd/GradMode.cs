namespace Activa.Autograd;

/// <summary>Whether ops record their backward on the current thread. See <see cref="Tensor.NoGrad"/>.</summary>
public static class GradMode
{
    [ThreadStatic] private static int _disabledDepth;

    /// <summary>True unless inside a <see cref="Tensor.NoGrad"/> scope on this thread.</summary>
    public static bool Enabled => _disabledDepth == 0;

    internal static NoGradScope Disable()
    {
        _disabledDepth++;
        return new NoGradScope();
    }

    /// <summary>Ends a no-grad scope when disposed.</summary>
    public readonly struct NoGradScope : IDisposable
    {
        /// <summary>Re-enables recording (scopes nest).</summary>
        public void Dispose() => _disabledDepth--;
    }
}
