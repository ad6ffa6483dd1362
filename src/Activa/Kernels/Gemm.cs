// PLACEHOLDER: replaced by the packed kernel.
namespace Activa.Kernels;
public static class Gemm
{
    public static unsafe void Sgemm(bool transA, bool transB, int m, int n, int k, float alpha, float* a, int lda, float* b, int ldb, float beta, float* c, int ldc)
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                float s = 0;
                for (int p = 0; p < k; p++) s += (transA ? a[p * lda + i] : a[i * lda + p]) * (transB ? b[j * ldb + p] : b[p * ldb + j]);
                c[i * ldc + j] = alpha * s + (beta == 0 ? 0 : beta * c[i * ldc + j]);
            }
    }
    public static unsafe void SgemmBatched(int batch, bool transA, bool transB, int m, int n, int k, float alpha, float* a, int lda, long strideA, float* b, int ldb, long strideB, float beta, float* c, int ldc, long strideC)
    {
        for (int i = 0; i < batch; i++) Sgemm(transA, transB, m, n, k, alpha, a + i * strideA, lda, b + i * strideB, ldb, beta, c + i * strideC, ldc);
    }
}
