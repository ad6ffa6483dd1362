using Activa.Nn;
using static Activa.Tests.Nn.NnReference;
using static Activa.Tests.Ops.Reference;

namespace Activa.Tests.Nn;

/// <summary>
/// EmbeddingBag as torch.nn.EmbeddingBag: bag b pools rows indices[offsets[b] .. offsets[b+1]) by sum or
/// mean; the padding id is skipped (and not counted by the mean); an empty bag gives zeros; row-sparse
/// gradients equal the dense ones.
/// </summary>
public class EmbeddingBagTests
{
    public static TheoryData<BagMode, int?> Modes() => new()
    {
        { BagMode.Sum, null }, { BagMode.Mean, null }, { BagMode.Sum, 3 }, { BagMode.Mean, 3 },
    };

    // bags: [3, 1, 3, 8] [] [0] [8, 3, 3] [5, 5, 1, 0, 9]
    private static readonly int[] Ids = [3, 1, 3, 8, 0, 8, 3, 3, 5, 5, 1, 0, 9];
    private static readonly int[] Offsets = [0, 4, 4, 5, 8];

    [Theory]
    [MemberData(nameof(Modes))]
    public void VariableLengthBagsWithOffsets(BagMode mode, int? pad)
    {
        var bag = new EmbeddingBag(10, 4, mode, pad, generator: new Generator(1000));
        var y = bag.Forward(Ids, Offsets);
        AssertShape([5, 4], y);
        AssertClose(EmbeddingBag(D(bag.Weight), 4, Ids, Offsets, mode == BagMode.Mean, pad), y, rtol: 1e-6, atol: 1e-6);
        // the empty bag is zero in both modes
        Assert.All(y.ToArray()[4..8], v => Assert.Equal(0f, v));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void FixedLengthBagsFromATwoDimensionalIndex(BagMode mode, int? pad)
    {
        var bag = new EmbeddingBag(10, 3, mode, pad, generator: new Generator(1001));
        int[] ids = [1, 3, 3, 4, 0, 9, 3, 3, 3];
        var y = bag.Forward(new IntTensor(ids, 3, 3));
        AssertShape([3, 3], y);
        AssertClose(EmbeddingBag(D(bag.Weight), 3, ids, [0, 3, 6], mode == BagMode.Mean, pad), y, rtol: 1e-6, atol: 1e-6);
    }

    [Fact]
    public void MeanDoesNotCountPaddingAndAnAllPaddingBagIsZero()
    {
        var bag = new EmbeddingBag(4, 2, BagMode.Mean, paddingIndex: 0, generator: new Generator(1002));
        var w = bag.Weight.ToArray();
        var y = bag.Forward([0, 2, 0, 0, 0], [0, 3]).ToArray();
        Assert.Equal(w[4], y[0], 1e-6f); // mean of row 2 alone, not row 2 / 3
        Assert.Equal(w[5], y[1], 1e-6f);
        Assert.Equal([0f, 0f], y[2..4]);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void WeightGradientByGradCheck(BagMode mode, int? pad)
    {
        foreach (bool sparse in new[] { false, true })
        {
            var bag = new EmbeddingBag(10, 2, mode, pad, sparse, new Generator(1003));
            ModuleGradCheck.Check(bag, [], _ => bag.Forward(Ids, Offsets),
                d => EmbeddingBag(d[0], 2, Ids, Offsets, mode == BagMode.Mean, pad));
        }
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void RowSparseGradientEqualsTheDenseGradient(BagMode mode, int? pad)
    {
        var dense = new EmbeddingBag(10, 4, mode, pad, sparse: false, new Generator(1004));
        var sparse = new EmbeddingBag(10, 4, mode, pad, sparse: true, new Generator(1004));
        var upstream = Uniform(new Generator(1005), -1, 1, Offsets.Length, 4);
        dense.Forward(Ids, Offsets).Backward(upstream);
        sparse.Forward(Ids, Offsets).Backward(upstream);
        var sg = sparse.Weight.SparseGrad!;
        Assert.Null(sparse.Weight.Grad);
        var touched = Ids.Where(i => i != pad).Distinct().Order().ToArray();
        Assert.Equal(touched, sg.Rows);
        AssertClose(Values(dense.Weight.Grad!), sg.ToDense(), rtol: 1e-6, atol: 1e-7);
    }

    [Fact]
    public void Errors()
    {
        var bag = new EmbeddingBag(5, 2, generator: new Generator(1));
        Assert.Throws<ShapeMismatchException>(() => bag.Forward(new IntTensor([1, 2, 3])));
        Assert.Throws<IndexOutOfRangeException>(() => bag.Forward([1, 5], [0]));
        Assert.Throws<IndexOutOfRangeException>(() => bag.Forward([-1], [0]));
        Assert.Throws<ArgumentException>(() => bag.Forward([1, 2, 3], [0, 2, 1]));   // decreasing
        Assert.Throws<ArgumentException>(() => bag.Forward([1, 2, 3], [0, 4]));      // past the end
        Assert.Throws<ArgumentException>(() => bag.Forward([1, 2, 3], [-1, 2]));     // negative
        Assert.Throws<ArgumentOutOfRangeException>(() => new EmbeddingBag(5, 2, paddingIndex: 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EmbeddingBag(0, 2));
    }

    [Fact]
    public void DefaultsAndDescription()
    {
        var bag = new EmbeddingBag(8, 3);
        Assert.Equal(BagMode.Mean, bag.Mode);
        Assert.Equal("EmbeddingBag(8, 3, mode=Mean)", bag.ToString());
        Assert.Equal("EmbeddingBag(8, 3, mode=Sum, padding=1, sparse)", new EmbeddingBag(8, 3, BagMode.Sum, 1, true).ToString());
        Assert.All(new EmbeddingBag(8, 3, paddingIndex: 6, generator: new Generator(3)).Weight.ToArray()[18..21], v => Assert.Equal(0f, v));
    }

    [Fact]
    public void OffsetsThatSkipLeadingIndicesAreRejectedAsInPyTorch()
    {
        var bag = new EmbeddingBag(8, 2, BagMode.Sum, sparse: true, generator: new Generator(1006));
        Assert.ThrowsAny<ArgumentException>(() => bag.Forward([5, 1], [1])); // index 5 would precede the first bag
        bag.Forward([5, 1], [0, 1]).Sum().Backward();
        Assert.Equal([1, 5], bag.Weight.SparseGrad!.Rows);
    }

    [Fact]
    public void ForwardHooksRunOnTheTypedForward()
    {
        var bag = new EmbeddingBag(4, 2, generator: new Generator(1));
        int calls = 0;
        using var _ = bag.RegisterForwardHook((_, _, _) => calls++);
        bag.Forward([1, 2], [0]);
        bag.Forward(new IntTensor([1, 2], 1, 2));
        Assert.Equal(2, calls);
    }
}
