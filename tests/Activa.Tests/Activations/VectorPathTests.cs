using Activa.Activations;

namespace Activa.Tests.Activations;

/// <summary>The 512-bit, 256-bit and scalar paths of every fixed activation agree.</summary>
public class VectorPathTests
{
    public static TheoryData<string> Names() => [.. Activation.Names.Where(n => Activation.Create(n) is ILanePaths)];

    [Theory]
    [MemberData(nameof(Names))]
    public void VectorPathsEqualTheScalarPath(string name)
    {
        var act = (ILanePaths)Activation.Create(name);
        var grid = CatalogTests.Grid().Select(v => (float)v).Concat([1e30f, -1e30f, float.Epsilon, 3e38f, -3e38f]).ToArray();
        int n = grid.Length;
        var scalar = new float[n];
        act.ForwardLanes(grid, scalar, 1);
        foreach (int width in new[] { 8, 16 })
        {
            var y = new float[n];
            act.ForwardLanes(grid, y, width);
            for (int i = 0; i < n; i++)
                Assert.True(y[i].Equals(scalar[i]) || Math.Abs(y[i] - scalar[i]) <= 1e-7 + 1e-6 * Math.Abs(scalar[i]),
                    $"{name}({grid[i]}): {width}-lane {y[i]} vs scalar {scalar[i]}");
            var d = new float[n];
            var ds = new float[n];
            act.DerivativeLanes(grid, scalar, ds, 1);
            act.DerivativeLanes(grid, scalar, d, width);
            for (int i = 0; i < n; i++)
                Assert.True(d[i].Equals(ds[i]) || Math.Abs(d[i] - ds[i]) <= 1e-7 + 1e-6 * Math.Abs(ds[i]),
                    $"{name}'({grid[i]}): {width}-lane {d[i]} vs scalar {ds[i]}");
        }
    }
}
