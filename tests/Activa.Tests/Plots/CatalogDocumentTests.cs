using Activa.Activations;
using Activa.Plots;

namespace Activa.Tests.Plots;

/// <summary>The generated catalogue document covers every registered activation and links its thumbnail.</summary>
public sealed class CatalogDocumentTests
{
    [Fact]
    public void MarkdownNamesEveryActivation()
    {
        string md = CatalogDocument.Markdown();
        foreach (var info in Activation.Catalog)
        {
            Assert.Contains($"### {info.Name}\n", md);
            Assert.Contains($"[{info.Name}](#", md); // summary row linking to the section
            Assert.Contains($"]({CatalogDocument.ThumbnailFolder}/{info.Name}.png)", md);
            Assert.Contains($"`Activation.Create(\"{info.Name}\")`", md);
            if (info.Torch != null) Assert.Contains($"`{info.Torch}`", md);
        }
        Assert.Contains($"Activa ships {Activation.Catalog.Count} activation functions", md);
        foreach (var family in CatalogFormat.Families(Activation.Catalog))
            Assert.Contains($"## {char.ToUpperInvariant(family[0])}{family[1..]} (", md);
    }

    [Fact]
    public void SummaryTableHasOneRowPerActivation()
    {
        var lines = CatalogDocument.Markdown(thumbnailFolder: null).Split('\n');
        int header = Array.FindIndex(lines, l => l.StartsWith("| name |", StringComparison.Ordinal));
        Assert.True(header >= 0);
        var rows = lines.Skip(header + 2).TakeWhile(l => l.StartsWith('|')).ToList();
        Assert.Equal(Activation.Catalog.Count, rows.Count);
        int columns = lines[header].Count(c => c == '|');
        foreach (var row in rows) // escaped pipes (\|) inside formulas must not add cells
            Assert.Equal(columns, row.Replace("\\|", "").Count(c => c == '|'));
        Assert.DoesNotContain("![", string.Join('\n', lines));
    }

    [Fact]
    public void EscapesMarkdownInText()
    {
        var info = new ActivationInfo("test-act", "|x| * y_1 < [z]", "A, B", 2000, ActivationProperties.None);
        string md = CatalogDocument.Markdown([info], null);
        Assert.Contains(@"\|x\| \* y\_1 \< \[z\]", md);
    }

    [Fact]
    public void WritesDocumentAndThumbnails()
    {
        string dir = Path.Combine(Path.GetTempPath(), "activa-doc-tests-" + Guid.NewGuid().ToString("N"));
        try
        {
            string path = Path.Combine(dir, "activations.md");
            var subset = new[] { Activation.Info("relu"), Activation.Info("elu") };
            int n = CatalogDocument.Write(path, thumbnails: true, catalog: subset);
            Assert.Equal(2, n);
            string md = File.ReadAllText(path);
            Assert.Contains("### relu", md);
            Assert.Contains("### elu", md);
            foreach (var name in new[] { "relu", "elu" })
            {
                var png = File.ReadAllBytes(Path.Combine(dir, CatalogDocument.ThumbnailFolder, name + ".png"));
                Assert.Equal(0x89, png[0]);
                Assert.Equal("PNG", System.Text.Encoding.ASCII.GetString(png, 1, 3));
            }
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void FormatsBoundsMarksAndParameters()
    {
        var elu = Activation.Info("elu");
        Assert.Equal("[−1, ∞)", CatalogFormat.Bounds(elu));
        Assert.Equal("alpha=1", CatalogFormat.Parameters(elu));
        Assert.Contains("M", CatalogFormat.PropertyMarks(elu));
        Assert.Equal("[−1, 1]", CatalogFormat.Bounds(Activation.Info("tanh")));
        Assert.Equal("(−∞, ∞)", CatalogFormat.Bounds(Activation.Info("identity")));
        Assert.Equal("—", CatalogFormat.Parameters(Activation.Info("relu")));
        Assert.True(CatalogFormat.Matches(elu, "CLEVERT"));
        Assert.True(CatalogFormat.Matches(Activation.Info("sigmoid"), "logistic"));
        Assert.False(CatalogFormat.Matches(elu, "no-such-text"));
        Assert.Equal("−0.5", CatalogFormat.Number(-0.5));
    }
}
