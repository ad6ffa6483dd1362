using Activa.Data.Forecasting;

namespace Activa.Tests.Forecasting;

public class DataSyntheticTests
{
    [Fact]
    public void TheDefaultIsHourlyFourChannelsAndTheSeedFixesEveryValue()
    {
        var s = SyntheticSeries.Generate();
        Assert.Equal("synthetic", s.Name);
        Assert.Equal(8000, s.Length);
        Assert.Equal(["s1", "s2", "s3", "s4"], s.Columns);
        Assert.Equal("s4", s.Target);
        Assert.Equal([24, 168], s.Periods);
        Assert.Equal(new DateTime(2020, 1, 1), s.Dates![0]);
        Assert.Equal(new DateTime(2020, 1, 1).AddHours(7999), s.Dates[7999]);
        Assert.All(s.Values, v => Assert.True(float.IsFinite(v)));

        Assert.Equal(s.Values, SyntheticSeries.Generate(new() { Seed = 0 }).Values);
        var other = SyntheticSeries.Generate(new() { Seed = 1 });
        Assert.NotEqual(s.Values, other.Values);
        Assert.Equal(other.Values, SyntheticSeries.Generate(new() { Seed = 1 }).Values);
        Assert.Equal(s.Values, ForecastDatasets.Load("synthetic").Values);

        var small = SyntheticSeries.Generate(new() { Length = 50, Channels = 2, DailyPeriod = 5, WeeklyPeriod = 20 });
        Assert.Equal(100, small.Values.Length);
        Assert.Equal([5, 20], small.Periods);
        Assert.Contains("SyntheticSeriesOptions.Channels must be at least 1, got 0",
            Assert.Throws<ArgumentException>(() => SyntheticSeries.Generate(new() { Channels = 0 })).Message);
        Assert.Contains("SyntheticSeriesOptions.Noise", Assert.Throws<ArgumentException>(() => SyntheticSeries.Generate(new() { Noise = -1 })).Message);
    }

    [Fact]
    public void EveryChannelsSpectrumPeaksAtTheDailyAndWeeklyPeriods()
    {
        var s = SyntheticSeries.Generate(new() { Seed = 5 });
        int n = s.Length;
        var cos = new double[n];
        var sin = new double[n];
        for (int m = 0; m < n; m++)
        {
            cos[m] = Math.Cos(2 * Math.PI * m / n);
            sin[m] = Math.Sin(2 * Math.PI * m / n);
        }
        // Frequencies of periods 12..400 steps: below that band the trend and the regime shifts dominate.
        int kLow = n / 400, kHigh = n / 12;
        for (int c = 0; c < s.Channels; c++)
        {
            var x = new double[n];
            for (int t = 0; t < n; t++) x[t] = s[t, c];
            double mean = x.Average();
            var power = new double[kHigh + 1];
            for (int k = kLow; k <= kHigh; k++)
            {
                double re = 0, im = 0;
                for (int t = 0; t < n; t++)
                {
                    int m = (int)((long)k * t % n);
                    re += (x[t] - mean) * cos[m];
                    im -= (x[t] - mean) * sin[m];
                }
                power[k] = re * re + im * im;
            }
            int first = Enumerable.Range(kLow, kHigh - kLow + 1).MaxBy(k => power[k]);
            int second = Enumerable.Range(kLow, kHigh - kLow + 1).Where(k => Math.Abs(k - first) > 5).MaxBy(k => power[k]);
            var periods = new[] { (double)n / first, (double)n / second }.Order().ToArray();
            Assert.InRange(periods[0], 23.5, 24.5);
            Assert.InRange(periods[1], 160, 176);
            double median = Enumerable.Range(kLow, kHigh - kLow + 1).Select(k => power[k]).Order().ElementAt((kHigh - kLow) / 2);
            Assert.True(power[second] > 100 * median, $"channel {c}: weekly peak {power[second]:g3} vs median {median:g3}");
        }
    }
}
