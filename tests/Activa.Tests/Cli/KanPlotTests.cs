using Activa.Kan;
using Activa.Nn;
using Activa.Plots;

namespace Activa.Tests.Cli;

/// <summary>The edge plot of a KAN: sampled edges equal <see cref="KanLayer.EdgeFunction"/>, ranges come from data, the PNG's layout.</summary>
public sealed class KanPlotTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("activa-kanplot-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Width, int Height) PngSize(string path)
    {
        var b = File.ReadAllBytes(path);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], b[..4]);
        int Read(int at) => (b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3];
        return (Read(16), Read(20)); // IHDR: width, height
    }

    [Fact]
    public void SampledEdgesAreTheLayersEdgeFunctions()
    {
        var layer = new KanLayer(3, 2, new BSplineBasis(3, 5, 3, -1.5f, 2f), generator: new Generator(3));
        (double, double)[] ranges = [(-1, 1), (0, 2), (-1.5, -0.5)];
        var edges = KanEdgePlot.Edges(layer, ranges, samples: 11);
        Assert.Equal(6, edges.Count);
        foreach (var e in edges)
        {
            Assert.Equal(ranges[e.Input].Item1, e.X[0]);
            Assert.Equal(ranges[e.Input].Item2, e.X[^1], 12);
            var expected = layer.EdgeFunction(e.Input, e.Output, [.. e.X.Select(v => (float)v)]);
            for (int r = 0; r < 11; r++) Assert.Equal(expected[r], e.Phi[r], 4);
            Assert.Equal(e.Phi.Average(Math.Abs), e.Score, 9);
        }
        Assert.Equal((0, 1), (edges[1].Output, edges[1].Input)); // output-major order
        Assert.Throws<ArgumentException>(() => KanEdgePlot.Edges(layer, [(-1, 1), (1, 1), (0, 1)]));
    }

    [Fact]
    public void InputRangesAreWhatEachLayerSees()
    {
        var first = new KanLayer(2, 3, new BSplineBasis(2, 4, 3), generator: new Generator(4));
        var second = new KanLayer(3, 1, new BSplineBasis(3, 4, 3), generator: new Generator(5));
        var model = new Sequential(new Flatten(), first, second);
        var x = Tensor.Uniform([50, 2], -0.8f, 0.6f, new Generator(6));
        var ranges = KanEdgePlot.InputRanges(model, x);
        Assert.Equal(2, ranges.Length);
        var xv = x.ToArray();
        Assert.Equal(Enumerable.Range(0, 50).Min(r => xv[2 * r + 1]), ranges[0][1].Lo, 6);
        Assert.Equal(Enumerable.Range(0, 50).Max(r => xv[2 * r + 1]), ranges[0][1].Hi, 6);
        float[] h;
        using (Tensor.NoGrad()) h = first.Forward(x).ToArray();
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(Enumerable.Range(0, 50).Min(r => h[3 * r + i]), ranges[1][i].Lo, 6);
            Assert.Equal(Enumerable.Range(0, 50).Max(r => h[3 * r + i]), ranges[1][i].Hi, 6);
        }
        // a constant input gets a unit-wide range around its value
        var constant = KanEdgePlot.InputRanges(model, Tensor.FromArray([0.25f, 0.1f, 0.25f, 0.3f], 2, 2));
        Assert.Equal((-0.25, 0.75), constant[0][0]);
    }

    [Fact]
    public void SmallLayersAreMatricesAndLargeOnesShowTheirTopEdges()
    {
        var small = new[] { new KanLayer(2, 3, new BSplineBasis(2, 5, 3), generator: new Generator(7)), new KanLayer(3, 1, new BSplineBasis(3, 5, 3), generator: new Generator(8)) };
        string path = Path.Combine(_dir, "small.png");
        KanEdgePlot.Save(small, path);
        // sections: 34-pixel header + 3 rows × 140, then 34 + 1 row; 3 columns of 190 are under the 640 minimum width
        Assert.Equal((640, 34 + 3 * 140 + 34 + 140), PngSize(path));

        var large = new[] { new KanLayer(20, 10, new BSplineBasis(20, 5, 3), generator: new Generator(9)) };
        string top = Path.Combine(_dir, "large.png");
        KanEdgePlot.Save(large, top, maxEdges: 12);
        Assert.Equal((8 * 190, 34 + 2 * 140), PngSize(top)); // 12 edges in rows of 8

        Assert.Throws<ArgumentException>(() => KanEdgePlot.Save([], Path.Combine(_dir, "none.png")));
        Assert.Throws<ArgumentException>(() => KanEdgePlot.Save(small, Path.Combine(_dir, "edges.svg")));
        Assert.Throws<ArgumentException>(() => KanEdgePlot.Save(small, Path.Combine(_dir, "e.png"), [[(-1.0, 1.0), (-1.0, 1.0)]]));
    }
}
