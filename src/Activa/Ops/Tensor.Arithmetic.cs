using Activa.Autograd;
using Activa.Kernels;

namespace Activa;

public sealed partial class Tensor
{
    // ---- engines (no autograd) ----

    /// <summary>Strides that read this tensor as if expanded to <paramref name="shape"/> (0 on broadcast dimensions).</summary>
    internal int[] BroadcastStrides(int[] shape)
    {
        var strides = new int[shape.Length];
        int lead = shape.Length - Rank;
        for (int i = lead; i < shape.Length; i++)
            strides[i] = Dims[i - lead] == 1 && shape[i] != 1 ? 0 : Stride[i - lead];
        return strides;
    }

    internal static Tensor Binary<TOp>(string name, TOp op, Tensor a, Tensor b) where TOp : struct, IBinaryOp
    {
        if (Activa.Shape.SameShape(a.Dims, b.Dims) && a.IsContiguous && b.IsContiguous)
        {
            var z = Empty(a.Dims);
            Elementwise.Zip(op, a.Storage, a.Offset, b.Storage, b.Offset, z.Storage, 0, z.Numel);
            return z;
        }
        var shape = Activa.Shape.Broadcast(name, a.Dims, b.Dims);
        var result = Empty(shape);
        StridedZip.Run(op, shape, a.Storage, a.Offset, a.BroadcastStrides(shape), b.Storage, b.Offset, b.BroadcastStrides(shape),
            result.Storage, 0, result.Stride);
        return result;
    }

    internal Tensor Unary<TOp>(TOp op) where TOp : struct, IUnaryOp
    {
        var src = Contiguous();
        var z = Empty(Dims);
        Elementwise.Map(op, src.Storage, src.Offset, z.Storage, 0, Numel);
        return z;
    }

    /// <summary>Sums a gradient over the dimensions that broadcasting added or expanded, giving <paramref name="shape"/>.</summary>
    internal Tensor SumToShape(int[] shape)
    {
        if (Activa.Shape.SameShape(Dims, shape)) return this;
        int lead = Rank - shape.Length;
        var axes = new List<int>();
        for (int i = 0; i < Rank; i++)
            if (i < lead || (shape[i - lead] == 1 && Dims[i] != 1)) axes.Add(i);
        var summed = axes.Count == 0 ? this : Sum([.. axes], keepDim: true);
        return summed.Reshape(shape);
    }

    // ---- binary arithmetic with broadcasting ----

    /// <summary>a + b, broadcasting.</summary>
    public Tensor Add(Tensor other)
    {
        var (a, b) = (this, other);
        return Record(Binary("add", new AddOp(), a, b), "add", [a, b], g => [g.SumToShape(a.Dims), g.SumToShape(b.Dims)],
            readsOutput: false);
    }

    /// <summary>a − b, broadcasting.</summary>
    public Tensor Sub(Tensor other)
    {
        var (a, b) = (this, other);
        return Record(Binary("sub", new SubOp(), a, b), "sub", [a, b],
            g => [g.SumToShape(a.Dims), b.RequiresGrad ? g.Neg().SumToShape(b.Dims) : null], readsOutput: false);
    }

    /// <summary>a × b elementwise, broadcasting.</summary>
    public Tensor Mul(Tensor other)
    {
        var (a, b) = (this, other);
        return Record(Binary("mul", new MulOp(), a, b), "mul", [a, b], g =>
            [a.RequiresGrad ? g.Mul(b).SumToShape(a.Dims) : null, b.RequiresGrad ? g.Mul(a).SumToShape(b.Dims) : null]);
    }

    /// <summary>a ÷ b elementwise, broadcasting.</summary>
    public Tensor Div(Tensor other)
    {
        var (a, b) = (this, other);
        var y = Binary("div", new DivOp(), a, b);
        return Record(y, "div", [a, b], g =>
            [a.RequiresGrad ? g.Div(b).SumToShape(a.Dims) : null, b.RequiresGrad ? g.Mul(y).Div(b).Neg().SumToShape(b.Dims) : null]);
    }

    /// <summary>a^b elementwise, broadcasting. The gradient for b uses log a (defined for a &gt; 0).</summary>
    public Tensor Pow(Tensor exponent)
    {
        var (a, b) = (this, exponent);
        var y = Binary("pow", new PowOp(), a, b);
        return Record(y, "pow", [a, b], g =>
        [
            a.RequiresGrad ? g.Mul(b).Mul(a.Pow(b.Sub(Scalar(1f)))).SumToShape(a.Dims) : null,
            b.RequiresGrad ? g.Mul(y).Mul(a.Log()).SumToShape(b.Dims) : null,
        ]);
    }

    /// <summary>Elementwise maximum, broadcasting; on ties the gradient is split evenly (as PyTorch).</summary>
    public Tensor Maximum(Tensor other) => Extremum("maximum", new MaxOp(), this, other, winnerIsLarger: true);

    /// <summary>Elementwise minimum, broadcasting; on ties the gradient is split evenly.</summary>
    public Tensor Minimum(Tensor other) => Extremum("minimum", new MinOp(), this, other, winnerIsLarger: false);

    private static Tensor Extremum<TOp>(string name, TOp op, Tensor a, Tensor b, bool winnerIsLarger) where TOp : struct, IBinaryOp
    {
        return Record(Binary(name, op, a, b), name, [a, b], g =>
        {
            // share of the gradient that goes to a: 1 where a wins, ½ on a tie, 0 where b wins
            var shareA = winnerIsLarger ? Binary(name, new MaxGradLeftOp(), a, b) : Binary(name, new MaxGradLeftOp(), b, a);
            return
            [
                a.RequiresGrad ? g.Mul(shareA).SumToShape(a.Dims) : null,
                b.RequiresGrad ? g.Mul(shareA.Affine(-1f, 1f)).SumToShape(b.Dims) : null,
            ];
        });
    }

    // ---- scalar arithmetic ----

    /// <summary>x + s.</summary>
    public Tensor Add(float s) => Affine(1f, s);
    /// <summary>x − s.</summary>
    public Tensor Sub(float s) => Affine(1f, -s);
    /// <summary>x × s.</summary>
    public Tensor Mul(float s) => Affine(s, 0f);
    /// <summary>x ÷ s.</summary>
    public Tensor Div(float s) => Affine(1f / s, 0f);

    /// <summary>x·scale + shift in one pass.</summary>
    public Tensor Affine(float scale, float shift)
    {
        var x = this;
        return Record(Unary(new AffineOp(scale, shift)), "affine", [x], g => [g.Mul(scale)], readsOutput: false);
    }

    /// <summary>x^p for a constant exponent (as torch.pow(x, p)).</summary>
    public Tensor Pow(float p)
    {
        var x = this;
        var y = p == 2f ? Binary("pow", new MulOp(), x, x) : Binary("pow", new PowOp(), x, Scalar(p));
        return Record(y, "pow", [x], g => [p == 2f ? g.Mul(x).Mul(2f) : g.Mul(x.Pow(p - 1f)).Mul(p)]);
    }

    /// <summary>x².</summary>
    public Tensor Square() => Pow(2f);

    /// <summary>−x.</summary>
    public Tensor Neg()
    {
        var x = this;
        return Record(Unary(new NegOp()), "neg", [x], g => [g.Neg()]);
    }

    /// <summary>eˣ.</summary>
    public Tensor Exp()
    {
        var x = this;
        var y = Unary(new ExpOp());
        return Record(y, "exp", [x], g => [g.Mul(y)]);
    }

    /// <summary>Natural logarithm.</summary>
    public Tensor Log()
    {
        var x = this;
        return Record(Unary(new LogOp()), "log", [x], g => [g.Div(x)]);
    }

    /// <summary>Square root.</summary>
    public Tensor Sqrt()
    {
        var x = this;
        var y = Unary(new SqrtOp());
        return Record(y, "sqrt", [x], g => [g.Div(y).Mul(0.5f)]);
    }

    /// <summary>|x|; its gradient at 0 is 0 (as PyTorch).</summary>
    public Tensor Abs()
    {
        var x = this;
        return Record(Unary(new AbsOp()), "abs", [x], g => [g.Mul(x.Unary(new SignOp()))]);
    }

    /// <summary>sign(x) ∈ {−1, 0, 1}; not differentiable (no gradient is recorded).</summary>
    public Tensor Sign() => Unary(new SignOp());

    /// <summary>Clamps to [min, max]; the gradient passes where min ≤ x ≤ max (as PyTorch).</summary>
    public Tensor Clamp(float min = float.NegativeInfinity, float max = float.PositiveInfinity)
    {
        if (min > max) throw new ArgumentException($"Clamp: min ({min}) is greater than max ({max}).");
        var x = this;
        return Record(Unary(new ClampOp(min, max)), "clamp", [x], g => [g.Mul(x.Unary(new InRangeOp(min, max)))]);
    }

    /// <summary>Picks <paramref name="a"/> where <paramref name="condition"/> is non-zero, else <paramref name="b"/>; all three broadcast.</summary>
    public static Tensor Where(Tensor condition, Tensor a, Tensor b)
    {
        var shape = Activa.Shape.Broadcast("where", Activa.Shape.Broadcast("where", condition.Dims, a.Dims), b.Dims);
        var c = condition.Detach().Expand(shape).ToArray();
        var mask = Empty(shape);
        for (int i = 0; i < c.Length; i++) mask.Storage[i] = c[i] != 0 ? 1f : 0f; // NaN counts as true, as a non-zero value
        var ta = a.Detach().Expand(shape).ToArray();
        var tb = b.Detach().Expand(shape).ToArray();
        var result = Empty(shape);
        for (int i = 0; i < c.Length; i++) result.Storage[i] = mask.Storage[i] != 0 ? ta[i] : tb[i];
        return Record(result, "where", [a, b], g =>
        [
            a.RequiresGrad ? g.Mul(mask).SumToShape(a.Dims) : null,
            b.RequiresGrad ? g.Mul(mask.Affine(-1f, 1f)).SumToShape(b.Dims) : null,
        ]);
    }

    // ---- operators ----

    /// <summary>Broadcasting addition.</summary>
    public static Tensor operator +(Tensor a, Tensor b) => a.Add(b);
    /// <summary>Broadcasting subtraction.</summary>
    public static Tensor operator -(Tensor a, Tensor b) => a.Sub(b);
    /// <summary>Broadcasting elementwise product.</summary>
    public static Tensor operator *(Tensor a, Tensor b) => a.Mul(b);
    /// <summary>Broadcasting elementwise quotient.</summary>
    public static Tensor operator /(Tensor a, Tensor b) => a.Div(b);
    /// <summary>Negation.</summary>
    public static Tensor operator -(Tensor a) => a.Neg();
    /// <summary>Adds a constant.</summary>
    public static Tensor operator +(Tensor a, float s) => a.Add(s);
    /// <summary>Adds a constant.</summary>
    public static Tensor operator +(float s, Tensor a) => a.Add(s);
    /// <summary>Subtracts a constant.</summary>
    public static Tensor operator -(Tensor a, float s) => a.Sub(s);
    /// <summary>A constant minus a tensor.</summary>
    public static Tensor operator -(float s, Tensor a) => a.Affine(-1f, s);
    /// <summary>Multiplies by a constant.</summary>
    public static Tensor operator *(Tensor a, float s) => a.Mul(s);
    /// <summary>Multiplies by a constant.</summary>
    public static Tensor operator *(float s, Tensor a) => a.Mul(s);
    /// <summary>Divides by a constant.</summary>
    public static Tensor operator /(Tensor a, float s) => a.Div(s);

    // ---- in place (outside autograd: optimizers, gradient accumulation) ----

    private void CheckInPlace(string op)
    {
        if (GradMode.Enabled && (RequiresGrad || GradFn != null))
            throw new InvalidOperationException($"{op}: in-place update of a tensor that takes part in autograd; wrap it in Tensor.NoGrad().");
    }

    /// <summary>this += other (broadcasting other to this shape), in place and unrecorded.</summary>
    public Tensor AddInPlace(Tensor other, float alpha = 1f) =>
        ZipInPlace("AddInPlace", "add_", "add", new AddOp(), other, alpha == 1f ? other : other.Detach().Mul(alpha));

    /// <summary>Copies <paramref name="source"/> (broadcast to this shape) into this tensor's elements, in place.</summary>
    public Tensor CopyFrom(Tensor source) => ZipInPlace("CopyFrom", "copy_", "copy", new TakeRightOp(), source, source);

    /// <summary>this = op(this, operand) elementwise, <paramref name="operand"/> broadcast to this shape.</summary>
    private Tensor ZipInPlace<TOp>(string method, string op, string verb, TOp zip, Tensor given, Tensor operand) where TOp : struct, IBinaryOp
    {
        CheckInPlace(method);
        var shape = Activa.Shape.Broadcast(op, Dims, operand.Dims);
        if (!Activa.Shape.SameShape(shape, Dims))
            throw new ShapeMismatchException(op, $"cannot {verb} shape {Activa.Shape.Format(given.Dims)} into shape {Activa.Shape.Format(Dims)}");
        StridedZip.Run(zip, Dims, Storage, Offset, Stride, operand.Storage, operand.Offset, operand.BroadcastStrides(Dims), Storage, Offset, Stride);
        return this;
    }

    /// <summary>Sets every element to <paramref name="value"/>, in place.</summary>
    public Tensor Fill(float value)
    {
        CheckInPlace("Fill");
        return CopyFrom(Scalar(value));
    }

    /// <summary>this *= s, in place.</summary>
    public Tensor MulInPlace(float s)
    {
        CheckInPlace("MulInPlace");
        var shape = Dims;
        StridedZip.Run(new MulOp(), shape, Storage, Offset, Stride, [s], 0, new int[Rank], Storage, Offset, Stride);
        return this;
    }
}
