using Activa.Data.Forecasting;

namespace Activa.Tests.Forecasting;

/// <summary>
/// The real series that <c>data/get.sh chicago taylor eustock</c> derives. A missing CSV skips the check (the test
/// then only checks the error's advice), unless ACTIVA_REQUIRE_SERIES=1 asks for it to fail.
/// </summary>
public class DataRealSeriesTests
{
    private static bool Present(string name)
    {
        if (ForecastDatasets.IsAvailable(name)) return true;
        Assert.False(ForecastDatasets.Required, $"{name}.csv is required here ({ForecastDatasets.RequireVariable}=1): run data/get.sh {name}");
        var e = Assert.Throws<FileNotFoundException>(() => ForecastDatasets.Load(name));
        Assert.Contains($"data/get.sh {name}", e.Message);
        return false;
    }

    [Fact]
    public void ChicagoIsRidershipPlusTwentyStationsDaily()
    {
        if (!Present("chicago")) return;
        var s = ForecastDatasets.Load("chicago");
        Assert.Equal(5698, s.Length);
        Assert.Equal(21, s.Channels);
        Assert.Equal("ridership", s.Columns[0]);
        Assert.Equal("ridership", s.Target);
        Assert.Equal("California", s.Columns[^1]);
        Assert.Equal([7, 365], s.Periods);
        Assert.Equal(new DateTime(2001, 1, 22), s.Dates![0]);
        Assert.Equal(new DateTime(2016, 8, 28), s.Dates[^1]);
        Assert.Equal(15.732f, s[0, 0]);
        Assert.Equal(1.463f, s[0, 1]); // Austin
        Assert.Equal(571, ForecastSplits.MaxHorizon(s, SplitProtocol.Tsl, 96)); // the validation split binds
    }

    [Fact]
    public void TaylorIsHalfHourlyDemandWithDailyAndWeeklyPeriods()
    {
        if (!Present("taylor")) return;
        var s = ForecastDatasets.Load("taylor");
        Assert.Equal(4032, s.Length);
        Assert.Equal(["demand_mw"], s.Columns);
        Assert.Equal([48, 336], s.Periods);
        Assert.Equal(new DateTime(2000, 6, 5), s.Dates![0]);
        Assert.Equal(new DateTime(2000, 8, 27, 23, 30, 0), s.Dates[^1]);
        Assert.Equal(22262f, s[0, 0]);
        Assert.Equal(404, ForecastSplits.MaxHorizon(s, SplitProtocol.Tsl, 96));
    }

    [Fact]
    public void EuStockIsFourIndicesInBusinessTime()
    {
        if (!Present("eustock")) return;
        var s = ForecastDatasets.Load("eustock");
        Assert.Equal(1860, s.Length);
        Assert.Equal(["DAX", "SMI", "CAC", "FTSE"], s.Columns);
        Assert.Null(s.Dates);
        Assert.Empty(s.Periods);
        Assert.Equal([1628.75f, 1678.1f, 1772.8f, 2443.6f], s.Values.Take(4));
    }

    [Fact]
    public void NamesPathsAndUnknownNames()
    {
        Assert.Equal(["synthetic", "chicago", "taylor", "eustock"], ForecastDatasets.Names);
        Assert.True(ForecastDatasets.IsAvailable("synthetic"));
        Assert.Contains("Unknown dataset 'weather'", Assert.Throws<ArgumentException>(() => ForecastDatasets.Load("weather")).Message);
        Assert.Throws<FileNotFoundException>(() => ForecastDatasets.Load("no/such/ETTh1.csv"));
        Assert.Throws<ArgumentException>(() => ForecastDatasets.Load("taylor", new TimeSeriesCsvOptions()));
        Assert.Throws<ArgumentException>(() => ForecastDatasets.Options("synthetic"));

        var path = Path.Combine(Path.GetTempPath(), $"activa-series-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "date,OT\n2020-01-01,1\n2020-01-02,2\n");
        try
        {
            Assert.True(ForecastDatasets.IsAvailable(path));
            var s = ForecastDatasets.Load(path, new() { Name = "mine" });
            Assert.Equal("mine", s.Name);
            Assert.Equal([1f, 2f], s.Values);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
