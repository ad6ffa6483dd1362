using Activa.Data.Ctr;
using Activa.Metrics;

namespace Activa.Tests.Ctr;

public class SyntheticClicksTests
{
    private static readonly SyntheticClicks Small = new() { Users = 400, Items = 300, Categories = 10, SamplesPerUser = 10 };

    [Fact]
    public void GenerationIsDeterministicPerSeed()
    {
        var a = Small.Generate(3);
        var b = Small.Generate(3);
        Assert.Equal(a.Train.Item, b.Train.Item);
        Assert.Equal(a.Test.Labels, b.Test.Labels);
        Assert.NotEqual(a.Train.Item, Small.Generate(4).Train.Item);
    }

    [Fact]
    public void SplitsCoverEverySampleWithValidIdsAndBothClasses()
    {
        var s = Small.Generate(1);
        Assert.Equal(400 * 10, s.Train.Count + s.Validation.Count + s.Test.Count);
        Assert.InRange(s.Test.Count, 300, 500);
        Assert.InRange(s.Train.PositiveRate, 0.15, 0.85);
        Assert.All(s.Train.HistoryLength, l => Assert.InRange(l, 5, Small.MaxHistory));
    }

    [Fact]
    public void TheCeilingAucIsTheTrueProbabilitiesAucAndTheRelevanceSignalIsStrong()
    {
        var s = Small.Generate(2);
        Assert.NotNull(s.CeilingAuc);
        Assert.InRange(s.CeilingAuc!.Value, 0.75, 0.98);
        // Without the relevance term the ceiling drops: the history is what carries the signal.
        var flat = (Small with { Relevance = 0 }).Generate(2);
        Assert.True(flat.CeilingAuc < s.CeilingAuc - 0.05, $"{flat.CeilingAuc} vs {s.CeilingAuc}");
        // A scorer that knows nothing does no better than chance.
        var zeros = new float[s.Test.Count];
        Assert.Equal(0.5, Binary.Auc(zeros, [.. s.Test.Labels.Select(l => (int)l)]), 9);
    }

    [Fact]
    public void BadSizesAreErrors()
    {
        Assert.Throws<ArgumentException>(() => (Small with { Items = 5 }).Generate());
        Assert.Throws<ArgumentException>(() => (Small with { TestFraction = 0 }).Generate());
        Assert.Throws<ArgumentException>(() => (Small with { MaxHistory = 4 }).Generate());
    }
}
