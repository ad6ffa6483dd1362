using Activa.Autograd;
using static Activa.Tests.Ops.Reference;

namespace Activa.Tests.Ops;

/// <summary>MatMul in every supported layout: values against a double reference, gradients, errors.</summary>
public class MatMulTests
{
    /// <summary>
    /// Compares a·b with the double reference. The tolerance is the classic bound for a float dot product of
    /// length k: |error| ≤ k·2⁻²³·Σ|aᵢbᵢ| (twice the worst case γₖ of recursive summation, so any summation
    /// order or FMA use passes, while a wrong element or index does not).
    /// </summary>
    private static void CheckProduct(Tensor a, Tensor b, string what)
    {
        var y = a.MatMul(b);
        var (expected, shape) = MatMul(Values(a), ShapeOf(a), Values(b), ShapeOf(b));
        var (scale, _) = MatMul(Values(a), ShapeOf(a), Values(b), ShapeOf(b), abs: true);
        AssertShape(shape, y);
        Assert.True(y.IsContiguous);
        int k = a.Shape[^1];
        var actual = Values(y);
        for (int i = 0; i < expected.Length; i++)
        {
            double tol = k * Math.Pow(2, -23) * scale[i] + 1e-30;
            Assert.True(Math.Abs(actual[i] - expected[i]) <= tol,
                $"{what}: element {i}: expected {expected[i]:R}, got {actual[i]:R} (tol {tol:G3})");
        }
    }

    private static Tensor R(Generator g, params int[] shape) => Uniform(g, -1, 1, shape);

    [Fact]
    public void TwoDimensional()
    {
        var g = new Generator(81);
        CheckProduct(R(g, 5, 7), R(g, 7, 3), "[5,7]@[7,3]");
        CheckProduct(R(g, 1, 7), R(g, 7, 1), "row@column");
        CheckProduct(R(g, 5, 1), R(g, 1, 3), "outer product (k = 1)");
        CheckProduct(R(g, 1, 9), R(g, 9, 4), "single row");
        CheckProduct(R(g, 6, 9), R(g, 9, 1), "single column");
        CheckProduct(R(g, 33, 65), R(g, 65, 47), "odd sizes");
    }

    [Fact]
    public void TransposedViews()
    {
        var g = new Generator(82);
        var a = R(g, 7, 5);
        var b = R(g, 3, 7);
        CheckProduct(a.T, R(g, 7, 3), "aᵀ@b");
        CheckProduct(R(g, 5, 7), b.T, "a@bᵀ");
        CheckProduct(a.T, b.T, "aᵀ@bᵀ");
        CheckProduct(a.Transpose(-1, -2), b.Transpose(0, 1), "Transpose(-1,-2)");
        CheckProduct(R(g, 7, 1).T, R(g, 7, 4), "transposed column as a row");
        CheckProduct(R(g, 5, 7), R(g, 1, 7).T, "transposed row as a column");
    }

    [Fact]
    public void NarrowedAndNonContiguousOperands()
    {
        var g = new Generator(83);
        CheckProduct(R(g, 5, 10).Narrow(1, 2, 7), R(g, 7, 3), "columns narrowed (row stride > cols)");
        CheckProduct(R(g, 5, 7), R(g, 9, 3).Narrow(0, 1, 7), "rows narrowed");
        CheckProduct(R(g, 7, 6).Narrow(1, 1, 3).T, R(g, 7, 4), "narrowed then transposed");
        CheckProduct(R(g, 12, 7).T.Narrow(1, 2, 5).T, R(g, 7, 4), "transposed, narrowed, transposed back");
        CheckProduct(R(g, 5, 14).Narrow(1, 0, 7), R(g, 3, 9).T.Narrow(0, 2, 7), "both narrowed, b transposed");
        CheckProduct(R(g, 1, 7).Expand(5, 7), R(g, 7, 3), "expanded rows (stride 0)");
        CheckProduct(R(g, 5, 1).Expand(5, 7), R(g, 7, 3), "expanded columns (stride 0)");
        CheckProduct(R(g, 7, 2, 5).Permute(2, 0, 1).Select(2, 1), R(g, 7, 3), "select of a permute");
    }

    [Fact]
    public void BatchedThreeDimensional()
    {
        var g = new Generator(84);
        CheckProduct(R(g, 4, 5, 7), R(g, 4, 7, 3), "[4,5,7]@[4,7,3]");
        CheckProduct(R(g, 4, 7, 5).Transpose(-1, -2), R(g, 4, 7, 3), "batched aᵀ");
        CheckProduct(R(g, 4, 5, 7), R(g, 4, 3, 7).Transpose(-1, -2), "batched bᵀ");
        CheckProduct(R(g, 4, 7, 5).Transpose(-1, -2), R(g, 4, 3, 7).Transpose(1, 2), "batched aᵀ@bᵀ");
        CheckProduct(R(g, 5, 4, 7).Permute(1, 0, 2), R(g, 4, 7, 3), "permuted batch dimension");
        CheckProduct(R(g, 4, 5, 9).Narrow(2, 1, 7), R(g, 6, 7, 3).Narrow(0, 2, 4), "narrowed batch and columns");
        CheckProduct(R(g, 1, 5, 7), R(g, 4, 7, 3), "batch 1 broadcast on the left");
        CheckProduct(R(g, 4, 5, 7), R(g, 1, 7, 3), "batch 1 broadcast on the right");
        CheckProduct(R(g, 1, 5, 7).Expand(4, 5, 7), R(g, 4, 7, 3), "expanded batch (stride 0)");
    }

    [Fact]
    public void MixedRanks()
    {
        var g = new Generator(85);
        CheckProduct(R(g, 4, 5, 7), R(g, 7, 3), "3-D@2-D");
        CheckProduct(R(g, 4, 5, 7), R(g, 3, 7).T, "3-D@2-Dᵀ");
        CheckProduct(R(g, 5, 7), R(g, 4, 7, 3), "2-D@3-D");
        CheckProduct(R(g, 7, 5).T, R(g, 4, 3, 7).Transpose(-1, -2), "2-Dᵀ@3-Dᵀ");
        CheckProduct(R(g, 1, 5, 7), R(g, 7, 3), "[1,m,k]@2-D");
    }

    [Fact]
    public void EmptyInnerDimensionGivesZeros()
    {
        var y = Tensor.Zeros(3, 0).MatMul(Tensor.Zeros(0, 4));
        AssertShape([3, 4], y);
        AssertExact(new double[12], y);
        AssertShape([2, 3, 0], Tensor.Zeros(2, 3, 5).MatMul(Tensor.Zeros(5, 0)));
    }

    [Fact]
    public void LargeProductMatchesReference()
    {
        var g = new Generator(86);
        CheckProduct(R(g, 96, 130), R(g, 150, 130).T, "[96,130]@[130,150]ᵀ");
    }

    // ---- gradients ----

    [Fact]
    public void GradientsTwoDimensionalLayouts()
    {
        var g = new Generator(87);
        var a = R(g, 3, 4);
        var b = R(g, 4, 2);
        GradCheck.Check(t => t[0].MatMul(t[1]), [a, b]);
        GradCheck.Check(t => t[0].T.MatMul(t[1]), [R(g, 4, 3), b]);
        GradCheck.Check(t => t[0].MatMul(t[1].T), [a, R(g, 2, 4)]);
        GradCheck.Check(t => t[0].T.MatMul(t[1].T), [R(g, 4, 3), R(g, 2, 4)]);
        GradCheck.Check(t => t[0].Narrow(1, 1, 4).MatMul(t[1].Narrow(0, 0, 4)), [R(g, 3, 6), R(g, 5, 2)]);
        GradCheck.Check(t => t[0].MatMul(t[1]), [R(g, 1, 4), R(g, 4, 1)]);
        // a tight check against the double reference
        GradCheck.Check(t => t[0].MatMul(t[1]), [a, b], new GradCheckOptions(Step: 1e-3, RelativeTolerance: 1e-3, AbsoluteTolerance: 1e-5),
            reference: x => MatMul(x[0], [3, 4], x[1], [4, 2]).V);
    }

    [Fact]
    public void GradientsBatchedLayouts()
    {
        var g = new Generator(88);
        GradCheck.Check(t => t[0].MatMul(t[1]), [R(g, 2, 3, 4), R(g, 2, 4, 2)]);
        GradCheck.Check(t => t[0].Transpose(-1, -2).MatMul(t[1].Transpose(-1, -2)), [R(g, 2, 4, 3), R(g, 2, 2, 4)]);
        GradCheck.Check(t => t[0].Permute(1, 0, 2).MatMul(t[1]), [R(g, 3, 2, 4), R(g, 2, 4, 2)]);
        // a 2-D operand shared across the batch: its gradient is summed over the batch
        GradCheck.Check(t => t[0].MatMul(t[1]), [R(g, 2, 3, 4), R(g, 4, 2)]);
        GradCheck.Check(t => t[0].MatMul(t[1].T), [R(g, 2, 3, 4), R(g, 2, 4)]);
        GradCheck.Check(t => t[0].MatMul(t[1]), [R(g, 3, 4), R(g, 2, 4, 2)]);
        // batch-1 operand broadcast across the batch
        GradCheck.Check(t => t[0].MatMul(t[1]), [R(g, 1, 3, 4), R(g, 2, 4, 2)]);
        GradCheck.Check(t => t[0].MatMul(t[1]), [R(g, 2, 3, 4), R(g, 1, 4, 2)]);
    }

    [Fact]
    public void SharedOperandGradientIsTheSumOverTheBatch()
    {
        var g = new Generator(89);
        var a = R(g, 3, 2, 4);
        var w = R(g, 4, 5);
        w.RequiresGrad = true;
        var up = R(g, 3, 2, 5);
        a.MatMul(w).Backward(up);
        // dW = Σ_b a[b]ᵀ · up[b]
        var av = Values(a);
        var uv = Values(up);
        var expected = new double[20];
        for (int bt = 0; bt < 3; bt++)
            for (int i = 0; i < 4; i++)
                for (int j = 0; j < 5; j++)
                    for (int r = 0; r < 2; r++)
                        expected[i * 5 + j] += av[(bt * 2 + r) * 4 + i] * uv[(bt * 2 + r) * 5 + j];
        AssertShape([4, 5], w.Grad!);
        AssertClose(expected, w.Grad!, rtol: 1e-5, atol: 1e-6);
    }

    // ---- errors ----

    [Fact]
    public void InnerDimensionMismatchNamesMatmulAndBothShapes()
    {
        var e = Assert.Throws<ShapeMismatchException>(() => Tensor.Ones(2, 3).MatMul(Tensor.Ones(4, 5)));
        Assert.Equal("matmul", e.Op);
        Assert.Contains("matmul", e.Message);
        Assert.Contains("[2, 3]", e.Message);
        Assert.Contains("[4, 5]", e.Message);
        var e3 = Assert.Throws<ShapeMismatchException>(() => Tensor.Ones(6, 2, 3).MatMul(Tensor.Ones(2, 3)));
        Assert.Contains("[6, 2, 3]", e3.Message);
        Assert.Contains("[2, 3]", e3.Message);
    }

    [Fact]
    public void UnsupportedRanksAndBatchMismatchThrow()
    {
        Assert.Throws<ShapeMismatchException>(() => Tensor.Ones(3).MatMul(Tensor.Ones(3, 2)));
        Assert.Throws<ShapeMismatchException>(() => Tensor.Ones(2, 2, 3, 4).MatMul(Tensor.Ones(4, 2)));
        var e = Assert.Throws<ShapeMismatchException>(() => Tensor.Ones(2, 3, 4).MatMul(Tensor.Ones(3, 4, 5)));
        Assert.Contains("matmul", e.Message);
        Assert.Contains("[2, 3, 4]", e.Message);
        Assert.Contains("[3, 4, 5]", e.Message);
    }
}
