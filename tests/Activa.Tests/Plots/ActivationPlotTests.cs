using Activa.Activations;
using Activa.Plots;

namespace Activa.Tests.Plots;

/// <summary>Plots render headless to valid PNG and SVG files; bad paths and ranges fail clearly.</summary>
public sealed class ActivationPlotTests : IDisposable
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "activa-plot-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private static IActivation[] Some() => [Activation.Create("elu"), Activation.Create("elu(alpha=0.5)"), Activation.Create("tanh"), Activation.Create("relu")];

    private static void AssertPng(string path, int width, int height)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 1000, $"PNG is only {bytes.Length} bytes");
        Assert.Equal(PngSignature, bytes[..8]);
        // IHDR chunk: big-endian width and height at offsets 16 and 20.
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        Assert.Equal(width, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)));
        Assert.Equal(height, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }

    [Fact]
    public void WritesPng()
    {
        string path = Path.Combine(_dir, "sub", "acts.png"); // the folder is created
        ActivationPlot.Save(Some(), path, -3, 3, 640, 400);
        AssertPng(path, 640, 400);
    }

    [Fact]
    public void WritesSvg()
    {
        string path = Path.Combine(_dir, "acts.SVG"); // extension is case-insensitive
        ActivationPlot.Save(Some(), path);
        string text = File.ReadAllText(path).TrimStart('\uFEFF').TrimStart();
        Assert.True(text.StartsWith("<svg", StringComparison.Ordinal) || text.StartsWith("<?xml", StringComparison.Ordinal), text[..Math.Min(80, text.Length)]);
        Assert.Contains("</svg>", text);
        Assert.Contains("<path", text);
    }

    [Fact]
    public void WritesThumbnail()
    {
        string path = Path.Combine(_dir, "elu.png");
        ActivationPlot.SaveThumbnail(Activation.Create("elu"), path);
        AssertPng(path, ActivationPlot.ThumbnailWidth, ActivationPlot.ThumbnailHeight);
    }

    [Theory]
    [InlineData("acts.jpg")]
    [InlineData("acts.pdf")]
    [InlineData("acts")]
    public void RejectsOtherExtensions(string file)
    {
        string path = Path.Combine(_dir, file);
        var e = Assert.Throws<ArgumentException>(() => ActivationPlot.Save(Some(), path));
        Assert.Contains(".png or .svg", e.Message);
        Assert.False(File.Exists(path));
        Assert.Throws<ArgumentException>(() => ActivationPlot.SaveThumbnail(Activation.Create("relu"), path));
    }

    [Fact]
    public void RejectsBadArguments()
    {
        string path = Path.Combine(_dir, "x.png");
        Assert.Throws<ArgumentException>(() => ActivationPlot.Save([], path));
        Assert.Throws<ArgumentException>(() => ActivationPlot.Save(Some(), path, 2, 2));
        Assert.Throws<ArgumentException>(() => ActivationPlot.Save(Some(), path, 3, -3));
        Assert.Throws<ArgumentException>(() => ActivationPlot.Save(Some(), path, double.NaN, 1));
        Assert.Throws<ArgumentException>(() => ActivationPlot.Save(Some(), path, width: 0));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void SamplesTheScalarPath()
    {
        var elu = Activation.Create("elu");
        var (x, f, d) = ActivationPlot.Sample(elu, -2, 2, 5);
        Assert.Equal([-2.0, -1.0, 0.0, 1.0, 2.0], x);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(elu.Value((float)x[i]), f[i]);
            Assert.Equal(elu.Derivative((float)x[i]), d[i]);
        }
    }

    /// <summary>log|x|: not finite at 0 and overflowing nowhere else; any IActivation can be plotted.</summary>
    private sealed class LogAbs : IActivation
    {
        public ActivationInfo Info { get; } = new("log-abs", "ln|x|", "test", 2000, ActivationProperties.None);
        public string Spec => "log-abs";
        public Tensor Forward(Tensor x, bool training = false, bool inPlace = false) => throw new NotSupportedException();
        public float Value(float x) => MathF.Log(MathF.Abs(x));
        public float Derivative(float x) => 1 / x;
        public double Reference(double x) => Math.Log(Math.Abs(x));
    }

    [Fact]
    public void NonFiniteValuesLeaveGaps()
    {
        var (x, f, d) = ActivationPlot.Sample(new LogAbs(), -1, 1, 3);
        Assert.Equal([-1.0, 0.0, 1.0], x);
        Assert.True(double.IsNaN(f[1]));
        Assert.True(double.IsNaN(d[1]));
        string path = Path.Combine(_dir, "gap.png");
        ActivationPlot.Save(new LogAbs(), path, -2, 2);
        AssertPng(path, ActivationPlot.DefaultWidth, ActivationPlot.DefaultHeight);
    }

    [Fact]
    public void PlotsEveryRegisteredActivation()
    {
        // Every catalogue entry can be sampled without throwing (the doc thumbnails depend on it), and its curve
        // is finite somewhere in the default range.
        foreach (var name in Activation.Names)
        {
            var (_, f, _) = ActivationPlot.Sample(Activation.Create(name));
            Assert.True(f.Any(double.IsFinite), name);
        }
    }
}
