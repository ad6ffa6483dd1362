using System.Reflection;
using Activa.Kernels;

namespace Activa.Tests.Kernels;

/// <summary>
/// A structural guard for the GEMM micro-kernels: no stackalloc (IL <c>localloc</c>) in any of their methods. With one,
/// the JIT's register allocator spilled all twelve AVX2 accumulators inside the k loop whenever it had no PGO block
/// weights (DOTNET_TieredPGO=0, DOTNET_TieredCompilation=0, ahead-of-time code): the GEMM then ran at 11–37 instead of
/// 85 GFLOP/s. Speed itself is measured by the benchmarks, never here.
/// </summary>
public class MicroKernelShapeTests
{
    [Theory]
    [InlineData(typeof(Avx2MicroKernel))]
    [InlineData(typeof(Avx512MicroKernel))]
    [InlineData(typeof(ScalarMicroKernel))]
    public void NoKernelMethodUsesStackalloc(Type kernel)
    {
        foreach (var method in kernel.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
        {
            var il = method.GetMethodBody()?.GetILAsByteArray() ?? [];
            Assert.False(ContainsLocalloc(il), $"{kernel.Name}.{method.Name} uses stackalloc; store accumulators to an AccumulatorTile local instead.");
        }
    }

    [Fact]
    public void TheGuardSeesAStackalloc() => Assert.True(ContainsLocalloc(typeof(MicroKernelShapeTests)
        .GetMethod(nameof(WithStackalloc), BindingFlags.NonPublic | BindingFlags.Static)!.GetMethodBody()!.GetILAsByteArray()!));

    private static unsafe float WithStackalloc(int n)
    {
        float* p = stackalloc float[n];
        p[0] = n;
        return p[0];
    }

    // localloc is the two-byte opcode FE 0F.
    private static bool ContainsLocalloc(byte[] il)
    {
        for (int i = 0; i + 1 < il.Length; i++)
            if (il[i] == 0xFE && il[i + 1] == 0x0F) return true;
        return false;
    }
}
