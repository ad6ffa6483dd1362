using Activa.Data;

namespace Activa.Tests.Data;

public class DatasetTests
{
    private static Dataset Numbered(int n) =>
        new("numbered", Tensor.FromArray([.. Enumerable.Range(0, 2 * n).Select(i => (float)i)], n, 2), [.. Enumerable.Range(0, n).Select(i => i % 3)], 3);

    [Fact]
    public void ConstructorRejectsInconsistentData()
    {
        Assert.Contains("3 samples but 2 labels", Assert.Throws<ArgumentException>(() => new Dataset("d", Tensor.Zeros(3, 2), [0, 1], 2)).Message);
        Assert.Contains("label 5 of sample 1", Assert.Throws<ArgumentException>(() => new Dataset("d", Tensor.Zeros(2, 2), [0, 5], 2)).Message);
        Assert.Contains("label -1", Assert.Throws<ArgumentException>(() => new Dataset("d", Tensor.Zeros(2, 2), [0, -1], 2)).Message);
        Assert.Throws<ArgumentException>(() => new Dataset("d", Tensor.Zeros(2), [0, 1], 2));
        Assert.Throws<ArgumentException>(() => new Dataset("d", Tensor.Zeros(2, 1), [0, 1], 2, ["a"]));
    }

    [Fact]
    public void SubsetCopiesRowsInOrder()
    {
        var s = Numbered(5).Subset([4, 1]);
        Assert.Equal([8f, 9f, 2f, 3f], s.Features.ToArray());
        Assert.Equal([1, 1], s.Labels);
        Assert.Throws<ArgumentOutOfRangeException>(() => Numbered(5).Subset([5]));
    }

    [Fact]
    public void SplitIsSeededDisjointAndComplete()
    {
        var d = Numbered(100);
        var (a, b) = d.Split(0.25, seed: 3);
        Assert.Equal(75, a.Count);
        Assert.Equal(25, b.Count);
        var firsts = a.Features.ToArray().Where((_, i) => i % 2 == 0).Concat(b.Features.ToArray().Where((_, i) => i % 2 == 0)).Order();
        Assert.Equal(Enumerable.Range(0, 100).Select(i => 2f * i), firsts);
        Assert.Equal(b.Features.ToArray(), d.Split(0.25, seed: 3).Validation.Features.ToArray());
        Assert.NotEqual(b.Features.ToArray(), d.Split(0.25, seed: 4).Validation.Features.ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => d.Split(1.0, 0));
    }

    [Fact]
    public void LoaderBatchesCoverEachEpochOnceInASeededOrder()
    {
        var d = Numbered(10);
        var loader = new DataLoader(d, 4, shuffle: true, seed: 9);
        Assert.Equal(3, loader.BatchCount);
        var epoch0 = loader.Epoch(0).ToList();
        Assert.Equal([4, 4, 2], epoch0.Select(b => b.Labels.Length));
        var seen = epoch0.SelectMany(b => b.X.ToArray().Where((_, i) => i % 2 == 0)).Order();
        Assert.Equal(Enumerable.Range(0, 10).Select(i => 2f * i), seen);
        Assert.Equal(loader.Order(0), new DataLoader(d, 4, shuffle: true, seed: 9).Order(0));
        Assert.NotEqual(loader.Order(0), loader.Order(1));
        Assert.Equal(Enumerable.Range(0, 10), new DataLoader(d, 4, shuffle: false, seed: 9).Order(5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DataLoader(d, 0, true, 0));
    }

    [Fact]
    public void EmbeddedDigitsNeedNoFiles()
    {
        var all = Digits.LoadAll();
        Assert.Equal(1797, all.Count);
        Assert.Equal([8, 8], all.SampleShape);
        Assert.All(all.Features.ToArray(), v => Assert.InRange(v, 0f, 1f));
        Assert.Equal(Enumerable.Range(0, 10), all.Labels.Distinct().Order());
        var (train, test) = Digits.Load();
        Assert.Equal(1797, train.Count + test.Count);
        Assert.Equal(359, test.Count);
    }

    [Fact]
    public void RegistryListsChoicesForUnknownNames()
    {
        var e = Assert.Throws<ArgumentException>(() => Datasets.Load("cifar"));
        Assert.Contains("digits", e.Message);
        Assert.Contains("fashion-mnist", e.Message);
        Assert.Equal(2, Datasets.Load("spirals").Train.Classes);
    }
}
