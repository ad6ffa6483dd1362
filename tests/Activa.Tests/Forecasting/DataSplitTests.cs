using Activa.Data.Forecasting;

namespace Activa.Tests.Forecasting;

public class DataSplitTests
{
    private static TimeSeries Zeros(string name, int length, int channels = 1) =>
        new(name, [.. Enumerable.Range(0, channels).Select(c => "c" + c)], new float[length * channels]);

    [Fact]
    public void TslSplitsOtherSets712WithValidationAndTestStartingLBeforeTheirBorders()
    {
        // chicago's length: train = ⌊0.7·5698⌋ = 3988, test = ⌊0.2·5698⌋ = 1139, validation = 5698 − 3988 − 1139 = 571.
        var s = ForecastSplits.Create(Zeros("chicago", 5698), SplitProtocol.Tsl, 96, 96);
        Assert.Equal(new RowRange(0, 3988), s.Train);
        Assert.Equal(new RowRange(3988 - 96, 3988 + 571), s.Validation);
        Assert.Equal(new RowRange(5698 - 1139 - 96, 5698), s.Test);
        Assert.Equal((3988 - 191, 571 - 95, 1139 - 95), s.WindowCounts);

        // The first test window's target starts exactly at the border; the last one ends at the last row.
        var test = new WindowDataset(Zeros("chicago", 5698), s.Test, 96, 96, ChannelMode.Multivariate);
        Assert.Equal(5698 - 1139, test.TargetStart(0));
        Assert.Equal(5698 - 96, test.TargetStart(test.Count - 1));
    }

    [Fact]
    public void TslSplitsEttByMonths()
    {
        var h = ForecastSplits.Create(Zeros("ETTh1", 17420, 7), SplitProtocol.Tsl, 96, 336);
        Assert.Equal(new RowRange(0, 8640), h.Train);
        Assert.Equal(new RowRange(8640 - 96, 11520), h.Validation);
        Assert.Equal(new RowRange(11520 - 96, 14400), h.Test);
        Assert.Equal((8640 - 96 - 336 + 1, 2880 - 336 + 1, 2880 - 336 + 1), h.WindowCounts);

        var m = ForecastSplits.Create(Zeros("ETTm2", 69680), SplitProtocol.Tsl, 512, 720);
        Assert.Equal(new RowRange(0, 34560), m.Train);
        Assert.Equal(new RowRange(34560 - 512, 46080), m.Validation);
        Assert.Equal(new RowRange(46080 - 512, 57600), m.Test);

        Assert.Contains("needs 20 months of 30 days = 14400 steps",
            Assert.Throws<ArgumentException>(() => ForecastSplits.Create(Zeros("ETTh2", 14000), SplitProtocol.Tsl, 96, 96)).Message);
        // TPGN's protocol does not special-case ETT.
        Assert.Equal(new RowRange(0, 10452), ForecastSplits.Create(Zeros("ETTh1", 17420), SplitProtocol.Tpgn, 96, 96).Train);
    }

    [Fact]
    public void TpgnSplits622()
    {
        // taylor's length: train = ⌊0.6·4032⌋ = 2419, test = ⌊0.2·4032⌋ = 806, validation = 807.
        var s = ForecastSplits.Create(Zeros("taylor", 4032), SplitProtocol.Tpgn, 96, 720);
        Assert.Equal(new RowRange(0, 2419), s.Train);
        Assert.Equal(new RowRange(2419 - 96, 3226), s.Validation);
        Assert.Equal(new RowRange(3226 - 96, 4032), s.Test);
        Assert.Equal(SplitProtocol.Tpgn, s.Protocol);
        Assert.Equal(806, ForecastSplits.MaxHorizon(Zeros("taylor", 4032), SplitProtocol.Tpgn, 96));
    }

    [Fact]
    public void ASeriesShorterThanLPlusHNamesTheSeriesTheSplitAndTheLengths()
    {
        // taylor under TSL: validation = 4032 − 2822 − 806 = 404 rows + L; 404 is the longest horizon.
        var taylor = Zeros("taylor", 4032);
        Assert.Equal(404, ForecastSplits.MaxHorizon(taylor, SplitProtocol.Tsl, 96));
        ForecastSplits.Create(taylor, SplitProtocol.Tsl, 96, 404);
        var e = Assert.Throws<ArgumentException>(() => ForecastSplits.Create(taylor, SplitProtocol.Tsl, 96, 405));
        Assert.Contains("Series 'taylor' (4032 steps)", e.Message);
        Assert.Contains("the validation split has 500 rows, fewer than L + H = 501 (series shorter than L + H)", e.Message);
        Assert.Contains("the longest horizon that fits at L = 96 is 404", e.Message);

        e = Assert.Throws<ArgumentException>(() => ForecastSplits.Create(Zeros("tiny", 100), SplitProtocol.Tsl, 96, 24));
        Assert.Contains("the training split has 70 rows, fewer than L + H = 120", e.Message);
        Assert.Contains("no horizon fits at L = 96", e.Message);
        Assert.Equal(0, ForecastSplits.MaxHorizon(Zeros("tiny", 100), SplitProtocol.Tsl, 96));

        Assert.Throws<ArgumentException>(() => ForecastSplits.Create(taylor, SplitProtocol.Tsl, 0, 96));
        Assert.Throws<ArgumentException>(() => ForecastSplits.Create(taylor, SplitProtocol.Tsl, 96, 0));
        Assert.Throws<ArgumentException>(() => ForecastSplits.Create(taylor, (SplitProtocol)7, 96, 96));
    }
}
