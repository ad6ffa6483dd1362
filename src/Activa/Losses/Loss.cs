using Activa.Kernels;

namespace Activa.Losses;

/// <summary>Loss functions: each is differentiable with respect to its prediction argument.</summary>
public static class Loss
{
    /// <summary>
    /// Cross-entropy from logits [N, C] and class indices: ℓₙ = −Σ_c qₙc·log softmax(xₙ)_c with
    /// q = (1 − ε)·onehot(targetₙ) + ε/C (label smoothing ε; Szegedy et al., 2016). One fused op: the backward
    /// is (softmax(x) − q)·g, with no intermediate graph.
    /// </summary>
    public static Tensor CrossEntropy(Tensor logits, int[] targets, float labelSmoothing = 0f, Reduction reduction = Reduction.Mean)
    {
        if (logits.Rank != 2) throw new ShapeMismatchException("cross_entropy", $"logits must be [N, C], got {Shape.Format(logits.Shape)}");
        int n = logits.Dims[0], c = logits.Dims[1];
        if (targets.Length != n) throw new ShapeMismatchException("cross_entropy", $"{targets.Length} targets for {n} rows of logits");
        if (!(labelSmoothing >= 0f && labelSmoothing <= 1f)) throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing, "Label smoothing must be in [0, 1].");
        for (int i = 0; i < n; i++)
            if ((uint)targets[i] >= (uint)c)
                throw new IndexOutOfRangeException($"cross_entropy: target {targets[i]} at row {i} is not a class index in [0, {c}).");
        var x = logits.Contiguous();
        var logp = Tensor.Empty(x.Dims);
        SoftmaxKernel.Forward(x.Storage, x.Offset, logp.Storage, n, c, log: true);
        float onTarget = 1f - labelSmoothing, uniform = labelSmoothing / c;
        var perRow = Tensor.Empty([n]);
        for (int i = 0; i < n; i++)
        {
            var row = logp.Storage.AsSpan(i * c, c);
            double loss = -onTarget * row[targets[i]];
            if (uniform != 0f) loss -= uniform * Reduce.Sum(row);
            perRow.Storage[i] = (float)loss;
        }
        var output = Reduced(perRow, reduction);
        return Tensor.Record(output, "cross_entropy", [logits], g =>
        {
            // per-row upstream gradient: g itself for None, g/N for Mean, g for Sum
            var gc = g.Contiguous();
            float rowScale = reduction == Reduction.Mean ? gc.Storage[gc.Offset] / Math.Max(1, n) : reduction == Reduction.Sum ? gc.Storage[gc.Offset] : 0f;
            var grad = Tensor.Empty(x.Dims);
            for (int i = 0; i < n; i++)
            {
                float s = reduction == Reduction.None ? gc.Storage[gc.Offset + i] : rowScale;
                var src = logp.Storage.AsSpan(i * c, c);
                var dst = grad.Storage.AsSpan(i * c, c);
                Elementwise.Map(new ExpOp(), src, dst);
                Elementwise.Map(new AffineOp(s, -s * uniform), dst, dst);
                dst[targets[i]] -= s * onTarget;
            }
            return [grad];
        });
    }

    /// <summary>
    /// Binary cross-entropy from logits, stable for any x: ℓ = max(x, 0) − x·t + log(1 + e^{−|x|}); gradient
    /// σ(x) − t. Targets in [0, 1], same shape as the logits.
    /// </summary>
    public static Tensor BinaryCrossEntropyWithLogits(Tensor logits, Tensor targets, Reduction reduction = Reduction.Mean)
    {
        if (!Shape.SameShape(logits.Shape, targets.Shape))
            throw new ShapeMismatchException("binary_cross_entropy_with_logits", $"logits {Shape.Format(logits.Shape)} and targets {Shape.Format(targets.Shape)} differ");
        var x = logits.Contiguous();
        var t = targets.Contiguous();
        var perElement = Tensor.Empty(x.Dims);
        for (int i = 0; i < x.Numel; i++)
        {
            float xi = x.Storage[x.Offset + i], ti = t.Storage[t.Offset + i];
            perElement.Storage[i] = VectorMath.Softplus<Float1>(xi).V - xi * ti;
        }
        var output = Reduced(perElement, reduction);
        return Tensor.Record(output, "binary_cross_entropy_with_logits", [logits], g =>
        {
            var scale = reduction == Reduction.Mean ? g.Div(Math.Max(1, x.Numel)) : g;
            return [x.Sigmoid().Sub(t).Mul(scale)];
        });
    }

    /// <summary>Mean squared error: (x − t)².</summary>
    public static Tensor Mse(Tensor prediction, Tensor target, Reduction reduction = Reduction.Mean) =>
        Reduced(SameShape("mse", prediction, target).Sub(target).Square(), reduction);

    /// <summary>Mean absolute error (L1): |x − t|.</summary>
    public static Tensor Mae(Tensor prediction, Tensor target, Reduction reduction = Reduction.Mean) =>
        Reduced(SameShape("mae", prediction, target).Sub(target).Abs(), reduction);

    /// <summary>Huber loss: ½d² for |d| ≤ δ, δ(|d| − ½δ) beyond, with d = x − t. Huber, 1964.</summary>
    public static Tensor Huber(Tensor prediction, Tensor target, float delta = 1f, Reduction reduction = Reduction.Mean)
    {
        if (!(delta > 0f)) throw new ArgumentOutOfRangeException(nameof(delta), delta, "Huber delta must be positive.");
        var a = SameShape("huber", prediction, target).Sub(target).Abs();
        var quadratic = a.Clamp(max: delta);
        var linear = a.Sub(quadratic);
        return Reduced(quadratic.Square().Mul(0.5f).Add(linear.Mul(delta)), reduction);
    }

    private static Tensor SameShape(string op, Tensor prediction, Tensor target) =>
        Shape.SameShape(prediction.Shape, target.Shape) ? prediction
            : throw new ShapeMismatchException(op, $"prediction {Shape.Format(prediction.Shape)} and target {Shape.Format(target.Shape)} differ (no broadcasting in losses)");

    private static Tensor Reduced(Tensor perElement, Reduction reduction) => reduction switch
    {
        Reduction.Mean => perElement.Mean(),
        Reduction.Sum => perElement.Sum(),
        Reduction.None => perElement,
        _ => throw new ArgumentOutOfRangeException(nameof(reduction), reduction, "Unknown reduction."),
    };
}
