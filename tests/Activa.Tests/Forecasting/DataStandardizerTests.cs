using Activa.Data.Forecasting;

namespace Activa.Tests.Forecasting;

public class DataStandardizerTests
{
    private static TimeSeries Series(int length)
    {
        var v = new float[length * 3];
        for (int t = 0; t < length; t++)
        {
            v[t * 3] = t;                 // mean (n−1)/2 over the first n rows
            v[t * 3 + 1] = 5f;            // constant: std 0 → 1
            v[t * 3 + 2] = t % 2 == 0 ? -2f : 4f;
        }
        return new TimeSeries("s", ["ramp", "flat", "alt"], v);
    }

    [Fact]
    public void FitsMeanAndPopulationStdOnTheTrainingRowsOnly()
    {
        var s = Series(100);
        var z = Standardizer.Fit(s, new RowRange(0, 10));
        Assert.Equal([4.5f, 5f, 1f], z.Mean);
        Assert.Equal((float)Math.Sqrt(8.25), z.Std[0], 6); // population variance of 0..9 = (10² − 1)/12
        Assert.Equal(1f, z.Std[1]);
        Assert.Equal(3f, z.Std[2]);

        // Rows outside the training range do not move it.
        var changed = (float[])s.Values.Clone();
        for (int i = 10 * 3; i < changed.Length; i++) changed[i] = 1e6f;
        var z2 = Standardizer.Fit(s.WithValues(changed), new RowRange(0, 10));
        Assert.Equal(z.Mean, z2.Mean);
        Assert.Equal(z.Std, z2.Std);
        Assert.NotEqual(z.Mean, Standardizer.Fit(s, new RowRange(0, 11)).Mean);
    }

    [Fact]
    public void TransformAndInverseRoundTripOnSpansSeriesAndTensors()
    {
        var s = Series(12);
        var z = Standardizer.Fit(s, new RowRange(0, 8));
        var t = z.Transform(s);
        Assert.Equal(s.Columns, t.Columns);
        Assert.Equal((1 - 3.5f) / z.Std[0], t[1, 0], 6);
        Assert.Equal(0f, t[3, 1]);
        Assert.Equal(1f, t[1, 2], 6);

        var back = t.Values.ToArray();
        z.Inverse(back);
        for (int i = 0; i < back.Length; i++) Assert.Equal(s.Values[i], back[i], 4);

        var x = Tensor.FromArray(t.Values, 2, 6, 3);
        var xi = z.Inverse(x);
        Assert.Equal([2, 6, 3], xi.Shape.ToArray());
        Assert.Equal(s.Values[7 * 3], xi[1, 1, 0], 4);
        var again = z.Transform(xi).ToArray();
        for (int i = 0; i < again.Length; i++) Assert.Equal(t.Values[i], again[i], 4);
        Assert.Contains("[.., 3]", Assert.Throws<ArgumentException>(() => z.Inverse(Tensor.Zeros(2, 4))).Message);

        // One channel of channel-independent samples.
        var ramp = new[] { 0f, 1f, 2f };
        z.Transform(ramp, 0);
        Assert.Equal(t[2, 0], ramp[2], 6);
        z.Inverse(ramp, 0);
        Assert.Equal(2f, ramp[2], 5);
        Assert.Throws<ArgumentOutOfRangeException>(() => z.Inverse(ramp, 3));
    }

    [Fact]
    public void RestoresFromItsTwoArraysAndRejectsBadOnes()
    {
        var z = Standardizer.Fit(Series(10), new RowRange(0, 10));
        var r = new Standardizer(z.Mean, z.Std);
        var a = Series(10).Values.ToArray();
        var b = a.ToArray();
        z.Transform(a);
        r.Transform(b);
        Assert.Equal(a, b);
        Assert.Contains("std of channel 1 is 0", Assert.Throws<ArgumentException>(() => new Standardizer([0f, 0f], [1f, 0f])).Message);
        Assert.Throws<ArgumentException>(() => new Standardizer([0f], [1f, 1f]));
        Assert.Throws<ArgumentException>(() => Standardizer.Fit(Series(10), new RowRange(5, 5)));
        Assert.Throws<ArgumentException>(() => Standardizer.Fit(Series(10), new RowRange(0, 11)));
    }
}
