using Activa.Nn;
using static Activa.Tests.Nn.NnReference;
using static Activa.Tests.Ops.Reference;

namespace Activa.Tests.Nn;

/// <summary>
/// Embedding: row lookup for every id (output shape = index shape + [dim]), N(0, 1) rows, a padding row
/// that starts at zero and never gets a gradient, and row-sparse gradients equal to the dense ones.
/// </summary>
public class EmbeddingTests
{
    private static double[] Lookup(double[] table, int dim, int[] ids, int? pad = null) =>
        ids.SelectMany(i => i == pad ? new double[dim] : table.Skip(i * dim).Take(dim)).ToArray();

    [Fact]
    public void LooksUpRowsInTheIndexShape()
    {
        var emb = new Embedding(10, 4, generator: new Generator(900));
        int[] ids = [3, 0, 9, 3, 7, 1];
        var y = emb.Forward(new IntTensor(ids, 2, 3));
        AssertShape([2, 3, 4], y);
        AssertExact(Lookup(D(emb.Weight), 4, ids), y);
        AssertShape([6, 4], emb.Forward(new IntTensor(ids)));
        AssertShape([1, 4], emb.Forward(new IntTensor([5])));
    }

    [Fact]
    public void RowsStartStandardNormalAndAreSeeded()
    {
        var a = new Embedding(400, 250, generator: new Generator(901));
        var (mean, var) = Moments(a.Weight.ToArray());
        Assert.InRange(mean, -0.01, 0.01);
        Assert.InRange(var, 0.98, 1.02);
        Assert.Equal(a.Weight.ToArray(), new Embedding(400, 250, generator: new Generator(901)).Weight.ToArray());
        Assert.NotEqual(a.Weight.ToArray(), new Embedding(400, 250, generator: new Generator(902)).Weight.ToArray());
    }

    [Fact]
    public void PaddingRowStartsAtZeroAndLooksUpZero()
    {
        var emb = new Embedding(6, 3, paddingIndex: 2, generator: new Generator(903));
        Assert.Equal(new float[3], emb.Weight.ToArray()[6..9]);
        Assert.Equal(2, emb.PaddingIndex);
        int[] ids = [2, 1, 2, 5];
        AssertExact(Lookup(D(emb.Weight), 3, ids, pad: 2), emb.Forward(new IntTensor(ids)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void WeightGradientByGradCheck(bool sparse)
    {
        var emb = new Embedding(7, 3, paddingIndex: 4, sparse: sparse, generator: new Generator(904));
        int[] ids = [1, 4, 6, 1, 0, 1];
        ModuleGradCheck.Check(emb, [], _ => emb.Forward(new IntTensor(ids, 3, 2)), d => Lookup(d[0], 3, ids, pad: 4));
    }

    /// <summary>Backward of the same upstream gradient through a dense and a sparse copy of one table.</summary>
    private static (Embedding Dense, Embedding Sparse) BothGradients(int[] ids, int? pad, int backwardCalls = 1)
    {
        var dense = new Embedding(12, 5, pad, sparse: false, generator: new Generator(905));
        var sparse = new Embedding(12, 5, pad, sparse: true, generator: new Generator(905));
        var g = new Generator(906);
        for (int call = 0; call < backwardCalls; call++)
        {
            var upstream = Uniform(g, -1, 1, ids.Length, 5);
            dense.Forward(new IntTensor(ids)).Backward(upstream);
            sparse.Forward(new IntTensor(ids)).Backward(upstream);
        }
        return (dense, sparse);
    }

    [Fact]
    public void RowSparseGradientEqualsTheDenseGradient()
    {
        int[] ids = [7, 2, 7, 11, 0, 7, 2];
        var (dense, sparse) = BothGradients(ids, pad: null);
        Assert.Null(dense.Weight.SparseGrad);
        Assert.Null(sparse.Weight.Grad);
        var sg = sparse.Weight.SparseGrad!;
        Assert.Equal([0, 2, 7, 11], sg.Rows); // unique, ascending
        Assert.Equal([12, 5], sg.DenseShape);
        AssertShape([4, 5], sg.Values);
        AssertClose(Values(dense.Weight.Grad!), sg.ToDense(), rtol: 1e-6, atol: 1e-7);
    }

    [Fact]
    public void RowSparseGradientSkipsThePaddingRow()
    {
        int[] ids = [3, 5, 3, 9, 5];
        var (dense, sparse) = BothGradients(ids, pad: 5);
        Assert.Equal([3, 9], sparse.Weight.SparseGrad!.Rows);
        var dg = dense.Weight.Grad!.ToArray();
        Assert.All(dg[25..30], v => Assert.Equal(0f, v));
        AssertClose(D(dg), sparse.Weight.SparseGrad!.ToDense(), rtol: 1e-6, atol: 1e-7);
    }

    [Fact]
    public void SparseGradientsAccumulateAcrossBackwardCallsLikeDenseOnes()
    {
        int[] ids = [1, 4, 1, 8];
        var (dense, sparse) = BothGradients(ids, pad: null, backwardCalls: 3);
        Assert.Equal([1, 4, 8], sparse.Weight.SparseGrad!.Rows);
        AssertClose(Values(dense.Weight.Grad!), sparse.Weight.SparseGrad!.ToDense(), rtol: 1e-6, atol: 1e-6);
    }

    [Fact]
    public void ZeroGradClearsSparseGradients()
    {
        var (_, sparse) = BothGradients([1, 2], pad: null);
        sparse.ZeroGrad();
        Assert.Null(sparse.Weight.SparseGrad);
        Assert.Null(sparse.Weight.Grad);
    }

    [Fact]
    public void Errors()
    {
        var emb = new Embedding(5, 2, generator: new Generator(1));
        Assert.Throws<IndexOutOfRangeException>(() => emb.Forward(new IntTensor([0, 5])));
        Assert.Throws<IndexOutOfRangeException>(() => emb.Forward(new IntTensor([-1])));
        Assert.Throws<NotSupportedException>(() => emb.Forward(Tensor.Zeros(2)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Embedding(0, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Embedding(3, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Embedding(3, 2, paddingIndex: 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Embedding(3, 2, paddingIndex: -1));
    }

    [Fact]
    public void Description()
    {
        Assert.Equal("Embedding(10, 3)", new Embedding(10, 3).ToString());
        Assert.Equal("Embedding(10, 3, padding=0, sparse)", new Embedding(10, 3, 0, sparse: true).ToString());
        Assert.Equal(["weight"], new Embedding(2, 2).NamedParameters().Select(p => p.Name));
    }

    [Fact]
    public void ForwardHooksRunOnTheTypedForward()
    {
        var emb = new Embedding(4, 2, generator: new Generator(1));
        int calls = 0;
        using var _ = emb.RegisterForwardHook((_, _, _) => calls++);
        emb.Forward(new IntTensor([1, 2]));
        Assert.Equal(1, calls);
    }
}
