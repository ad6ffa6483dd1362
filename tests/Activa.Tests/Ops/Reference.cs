namespace Activa.Tests.Ops;

/// <summary>
/// Naive double-precision reference implementations with explicit index loops, plus the helpers the op
/// tests share (reading a tensor element by element, comparing with a stated tolerance).
/// </summary>
/// <remarks>
/// Values are row-major <c>double[]</c> paired with an <c>int[]</c> shape. Nothing here calls an Activa op:
/// tensors are read only through the element indexer, which follows shape, strides and offset directly.
/// </remarks>
internal static class Reference
{
    // ---- shapes and indices ----

    public static int Numel(int[] shape)
    {
        int n = 1;
        foreach (int d in shape) n *= d;
        return n;
    }

    public static int[] Strides(int[] shape)
    {
        var s = new int[shape.Length];
        int acc = 1;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    public static int[] Unravel(int flat, int[] shape)
    {
        var idx = new int[shape.Length];
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            idx[i] = flat % shape[i];
            flat /= shape[i];
        }
        return idx;
    }

    public static int Ravel(int[] idx, int[] shape)
    {
        int flat = 0;
        for (int i = 0; i < shape.Length; i++) flat = flat * shape[i] + idx[i];
        return flat;
    }

    /// <summary>The elements of <paramref name="t"/> in row-major order, read one by one through the indexer.</summary>
    public static double[] Values(Tensor t)
    {
        var shape = t.Shape.ToArray();
        var result = new double[Numel(shape)];
        for (int f = 0; f < result.Length; f++) result[f] = t[Unravel(f, shape)];
        return result;
    }

    public static int[] ShapeOf(Tensor t) => t.Shape.ToArray();

    public static double[] Map(double[] x, Func<double, double> f) => x.Select(f).ToArray();

    // ---- broadcasting ----

    /// <summary>NumPy broadcasting, written out: align right, sizes must match or be 1.</summary>
    public static int[] BroadcastShape(int[] a, int[] b)
    {
        int rank = Math.Max(a.Length, b.Length);
        var r = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int ia = i - (rank - a.Length), ib = i - (rank - b.Length);
            int da = ia >= 0 ? a[ia] : 1, db = ib >= 0 ? b[ib] : 1;
            if (da != db && da != 1 && db != 1) throw new InvalidOperationException("reference: shapes do not broadcast");
            r[i] = da == 1 ? db : da;
        }
        return r;
    }

    /// <summary>The element of (x, shape) that broadcasting maps to output index <paramref name="outIdx"/>.</summary>
    public static double At(double[] x, int[] shape, int[] outIdx)
    {
        int lead = outIdx.Length - shape.Length;
        int flat = 0;
        for (int i = 0; i < shape.Length; i++) flat = flat * shape[i] + (shape[i] == 1 ? 0 : outIdx[lead + i]);
        return x[flat];
    }

    public static (double[] V, int[] S) Broadcast(double[] a, int[] sa, double[] b, int[] sb, Func<double, double, double> f)
    {
        var shape = BroadcastShape(sa, sb);
        var r = new double[Numel(shape)];
        for (int k = 0; k < r.Length; k++)
        {
            var idx = Unravel(k, shape);
            r[k] = f(At(a, sa, idx), At(b, sb, idx));
        }
        return (r, shape);
    }

    /// <summary>Sums a gradient of shape <paramref name="from"/> back to the broadcast input shape <paramref name="to"/>.</summary>
    public static double[] SumTo(double[] g, int[] from, int[] to)
    {
        var r = new double[Numel(to)];
        int lead = from.Length - to.Length;
        for (int k = 0; k < g.Length; k++)
        {
            var idx = Unravel(k, from);
            int flat = 0;
            for (int i = 0; i < to.Length; i++) flat = flat * to[i] + (to[i] == 1 ? 0 : idx[lead + i]);
            r[flat] += g[k];
        }
        return r;
    }

    // ---- reductions ----

    /// <summary>Applies <paramref name="f"/> to the elements of each reduced group (in row-major order).</summary>
    public static (double[] V, int[] S) Reduce(double[] x, int[] shape, int[] axes, bool keepDim, Func<List<double>, double> f)
    {
        var norm = axes.Select(a => a < 0 ? a + shape.Length : a).ToHashSet();
        var kept = shape.Select((d, i) => norm.Contains(i) ? 1 : d).ToArray();
        var groups = new List<double>[Numel(kept)];
        for (int g = 0; g < groups.Length; g++) groups[g] = [];
        for (int k = 0; k < x.Length; k++)
        {
            var idx = Unravel(k, shape);
            foreach (int a in norm) idx[a] = 0;
            groups[Ravel(idx, kept)].Add(x[k]);
        }
        var values = groups.Select(f).ToArray();
        var outShape = keepDim ? kept : shape.Where((_, i) => !norm.Contains(i)).ToArray();
        return (values, outShape);
    }

    public static double SumOf(List<double> v) => v.Sum();

    /// <summary>First index of the maximum; a NaN wins over everything (first NaN).</summary>
    public static int ArgMaxOf(List<double> v)
    {
        int best = 0;
        for (int i = 0; i < v.Count; i++)
        {
            if (double.IsNaN(v[i])) return i;
            if (v[i] > v[best]) best = i;
        }
        return best;
    }

    /// <summary>First index of the minimum; a NaN wins.</summary>
    public static int ArgMinOf(List<double> v)
    {
        int best = 0;
        for (int i = 0; i < v.Count; i++)
        {
            if (double.IsNaN(v[i])) return i;
            if (v[i] < v[best]) best = i;
        }
        return best;
    }

    public static double VarOf(List<double> v, int correction)
    {
        double mean = v.Average();
        return v.Sum(e => (e - mean) * (e - mean)) / (v.Count - correction);
    }

    // ---- softmax ----

    public static double[] Softmax(double[] x, int[] shape, int axis, bool log)
    {
        if (axis < 0) axis += shape.Length;
        int n = shape[axis];
        var st = Strides(shape);
        var r = new double[x.Length];
        for (int k = 0; k < x.Length; k++)
        {
            var idx = Unravel(k, shape);
            if (idx[axis] != 0) continue;
            double max = double.NegativeInfinity;
            for (int j = 0; j < n; j++) max = Math.Max(max, x[k + j * st[axis]]);
            if (double.IsNegativeInfinity(max)) max = 0;
            double sum = 0;
            for (int j = 0; j < n; j++) sum += Math.Exp(x[k + j * st[axis]] - max);
            for (int j = 0; j < n; j++)
            {
                double v = x[k + j * st[axis]] - max;
                r[k + j * st[axis]] = log ? v - Math.Log(sum) : Math.Exp(v) / sum;
            }
        }
        return r;
    }

    // ---- matmul ----

    /// <summary>
    /// [m,k]@[k,n], or batched with either side 2-D (shared) or of batch 1 (broadcast). With
    /// <paramref name="abs"/> it returns Σ|a·b| instead: the scale of the rounding error.
    /// </summary>
    public static (double[] V, int[] S) MatMul(double[] a, int[] sa, double[] b, int[] sb, bool abs = false)
    {
        int m = sa[^2], k = sa[^1], n = sb[^1];
        if (sb[^2] != k) throw new InvalidOperationException("reference: inner dimensions differ");
        int ba = sa.Length == 3 ? sa[0] : 1, bb = sb.Length == 3 ? sb[0] : 1;
        int batch = Math.Max(ba, bb);
        bool batched = sa.Length == 3 || sb.Length == 3;
        var r = new double[batch * m * n];
        for (int p = 0; p < batch; p++)
        {
            int pa = ba == 1 ? 0 : p, pb = bb == 1 ? 0 : p;
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                {
                    double s = 0;
                    for (int q = 0; q < k; q++)
                    {
                        double prod = a[(pa * m + i) * k + q] * b[(pb * k + q) * n + j];
                        s += abs ? Math.Abs(prod) : prod;
                    }
                    r[(p * m + i) * n + j] = s;
                }
        }
        return (r, batched ? [batch, m, n] : [m, n]);
    }

    // ---- indexing ----

    public static (double[] V, int[] S) IndexSelect(double[] x, int[] shape, int axis, int[] indices)
    {
        var outShape = (int[])shape.Clone();
        outShape[axis] = indices.Length;
        var r = new double[Numel(outShape)];
        for (int k = 0; k < r.Length; k++)
        {
            var idx = Unravel(k, outShape);
            idx[axis] = indices[idx[axis]];
            r[k] = x[Ravel(idx, shape)];
        }
        return (r, outShape);
    }

    public static double[] Gather(double[] x, int[] shape, int axis, int[] index, int[] indexShape)
    {
        var r = new double[index.Length];
        for (int k = 0; k < r.Length; k++)
        {
            var idx = Unravel(k, indexShape);
            idx[axis] = index[k];
            r[k] = x[Ravel(idx, shape)];
        }
        return r;
    }

    public static double[] ScatterAdd(double[] x, int[] shape, int axis, int[] index, int[] indexShape, double[] src)
    {
        var r = (double[])x.Clone();
        for (int k = 0; k < index.Length; k++)
        {
            var idx = Unravel(k, indexShape);
            idx[axis] = index[k];
            r[Ravel(idx, shape)] += src[k];
        }
        return r;
    }

    // ---- joining ----

    public static (double[] V, int[] S) Concat(IReadOnlyList<(double[] V, int[] S)> parts, int axis)
    {
        var outShape = (int[])parts[0].S.Clone();
        outShape[axis] = parts.Sum(p => p.S[axis]);
        var r = new double[Numel(outShape)];
        int start = 0;
        foreach (var (v, s) in parts)
        {
            for (int k = 0; k < v.Length; k++)
            {
                var idx = Unravel(k, s);
                idx[axis] += start;
                r[Ravel(idx, outShape)] = v[k];
            }
            start += s[axis];
        }
        return (r, outShape);
    }

    /// <summary>The slice [start, start+length) of dimension <paramref name="axis"/>.</summary>
    public static (double[] V, int[] S) Slice(double[] x, int[] shape, int axis, int start, int length)
    {
        var outShape = (int[])shape.Clone();
        outShape[axis] = length;
        var r = new double[Numel(outShape)];
        for (int k = 0; k < r.Length; k++)
        {
            var idx = Unravel(k, outShape);
            idx[axis] += start;
            r[k] = x[Ravel(idx, shape)];
        }
        return (r, outShape);
    }

    // ---- assertions ----

    public static void AssertShape(int[] expected, Tensor actual) =>
        Assert.True(expected.SequenceEqual(actual.Shape.ToArray()),
            $"shape: expected {Shape.Format(expected)}, got {Shape.Format(actual.Shape)}");

    /// <summary>
    /// Asserts |actual − expected| ≤ atol + rtol·|expected| element by element (NaN must match NaN, ±∞ must
    /// match exactly).
    /// </summary>
    public static void AssertClose(double[] expected, Tensor actual, double rtol, double atol = 0, string what = "")
    {
        Assert.Equal(expected.Length, actual.Numel);
        AssertClose(expected, Values(actual), rtol, atol, what);
    }

    public static void AssertClose(double[] expected, double[] actual, double rtol, double atol = 0, string what = "")
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected[i], a = actual[i];
            if (double.IsNaN(e) || double.IsInfinity(e))
            {
                Assert.True(e.Equals(a), $"{what} element {i}: expected {e}, got {a}");
                continue;
            }
            double tol = atol + rtol * Math.Abs(e);
            Assert.True(Math.Abs(a - e) <= tol,
                $"{what} element {i}: expected {e:R}, got {a:R} (|diff| {Math.Abs(a - e):G3} > tol {tol:G3})");
        }
    }

    /// <summary>Exact equality of float values (for copies and for values the op must reproduce exactly).</summary>
    public static void AssertExact(double[] expected, Tensor actual, string what = "")
    {
        Assert.Equal(expected.Length, actual.Numel);
        var v = Values(actual);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(expected[i].Equals(v[i]), $"{what} element {i}: expected {expected[i]:R}, got {v[i]:R}");
    }

    // ---- inputs ----

    public static Tensor Uniform(Generator g, float low, float high, params int[] shape) => Tensor.Uniform(shape, low, high, g);

    /// <summary>Uniform values whose magnitude is in [lowAbs, highAbs), with random sign: keeps away from 0.</summary>
    public static Tensor AwayFromZero(Generator g, float lowAbs, float highAbs, params int[] shape)
    {
        var data = new float[Numel(shape)];
        for (int i = 0; i < data.Length; i++)
        {
            float m = lowAbs + (highAbs - lowAbs) * g.NextFloat();
            data[i] = g.NextFloat() < 0.5f ? -m : m;
        }
        return Tensor.FromArray(data, shape);
    }

    /// <summary>A random permutation of distinct, well-separated values (spacing <paramref name="spacing"/>): no ties, no kinks nearby.</summary>
    public static Tensor Distinct(Generator g, float spacing, params int[] shape)
    {
        int n = Numel(shape);
        var order = Enumerable.Range(0, n).ToArray();
        g.Shuffle<int>(order);
        var data = order.Select(i => (i - n / 2) * spacing).ToArray();
        return Tensor.FromArray(data, shape);
    }
}
