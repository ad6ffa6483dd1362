using Activa.Data;
using Activa.Data.Forecasting;

namespace Activa.Tests.Forecasting;

public sealed class DataCsvTests : IDisposable
{
    private readonly DataTempFiles _files = new();

    public void Dispose() => _files.Dispose();

    /// <summary>A taylor-like file: "timestamp","index","demand_mw", half-hourly from 2000-06-05, <paramref name="rows"/> rows.</summary>
    private static string[] Taylor(int rows)
    {
        var lines = new List<string> { "\"timestamp\",\"index\",\"demand_mw\"" };
        var start = new DateTime(2000, 6, 5);
        for (int i = 0; i < rows; i++) lines.Add($"\"{start.AddMinutes(30 * i):yyyy-MM-dd HH:mm:ss}\",{i + 1},{20000 + 10 * i}");
        return [.. lines];
    }

    private DataFormatException ReadFails(string path, TimeSeriesCsvOptions? options = null) =>
        Assert.Throws<DataFormatException>(() => TimeSeriesCsv.Read(path, options));

    [Fact]
    public void ReadsTheEttLayoutWithDatesAndTheLastColumnAsTarget()
    {
        var path = _files.Write("ETTh1.csv",
            "date,HUFL,MULL,OT",
            "2016-07-01 00:00:00,5.827,1.599,30.531",
            "2016-07-01 01:00:00,5.693,1.492,27.787",
            "2016-07-01 02:00:00,5.157,1.279,27.787");
        var s = TimeSeriesCsv.Read(path);
        Assert.Equal("ETTh1", s.Name);
        Assert.Equal(["HUFL", "MULL", "OT"], s.Columns);
        Assert.Equal(3, s.Length);
        Assert.Equal(3, s.Channels);
        Assert.Equal("OT", s.Target);
        Assert.Equal(new DateTime(2016, 7, 1, 2, 0, 0), s.Dates![2]);
        Assert.Equal(1.492f, s[1, 1]);
        Assert.Equal(27.787f, s.Values[2 * 3 + 2]);
        Assert.Empty(s.Periods);

        var ot = s.Select("OT", "HUFL");
        Assert.Equal(["OT", "HUFL"], ot.Columns);
        Assert.Equal([30.531f, 5.827f, 27.787f, 5.693f, 27.787f, 5.157f], ot.Values);
        Assert.Equal("OT", ot.Target);
        Assert.Contains("no column 'XX' (columns: HUFL, MULL, OT)", Assert.Throws<ArgumentException>(() => s.Select("XX")).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => s[3, 0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => s[0, 3]);
    }

    [Fact]
    public void ColumnsDefaultToTheNumericOnesAndOptionsPickAndOrderThem()
    {
        // eustock's layout: no date (time is a fractional year, not a date), so day and time are numeric columns.
        var eu = _files.Write("eustock.csv", "\"day\",\"time\",\"DAX\",\"FTSE\"", "1,1991.496154,1628.75,2443.6", "2,1991.5,1613.63,2460.2");
        var all = TimeSeriesCsv.Read(eu);
        Assert.Null(all.Dates);
        Assert.Equal(["day", "time", "DAX", "FTSE"], all.Columns);
        var two = TimeSeriesCsv.Read(eu, new() { Columns = ["FTSE", "DAX"], Target = "DAX", Periods = [5] });
        Assert.Equal(["FTSE", "DAX"], two.Columns);
        Assert.Equal([2443.6f, 1628.75f, 2460.2f, 1613.63f], two.Values);
        Assert.Equal("DAX", two.Target);
        Assert.Equal([5], two.Periods);

        // A text-only column is left out; a date column can be switched off.
        var text = _files.Write("labels.csv", "date,label,value", "2020-01-01,a,1", "2020-01-02,b,2");
        var s = TimeSeriesCsv.Read(text);
        Assert.Equal(["value"], s.Columns);
        Assert.Equal(new DateTime(2020, 1, 2), s.Dates![1]);
        Assert.Null(TimeSeriesCsv.Read(text, new() { DateColumn = TimeSeriesCsvOptions.NoDate }).Dates);
    }

    [Fact]
    public void ANonNumericCellNamesFileLineAndColumn()
    {
        var lines = Taylor(20);
        lines[16] = "\"2000-06-05 07:30:00\",16,abc"; // the 17th line of the file (the header is line 1)
        var e = ReadFails(_files.Write("taylor.csv", lines));
        Assert.Contains("taylor.csv: line 17, column demand_mw: 'abc' is not a number", e.Message);
        Assert.EndsWith("taylor.csv", e.Path);

        // A bad first cell is reported too, not taken as a sign that the column is text.
        lines = Taylor(5);
        lines[1] = "\"2000-06-05 00:00:00\",1,x1";
        Assert.Contains("line 2, column demand_mw: 'x1' is not a number", ReadFails(_files.Write("first.csv", lines)).Message);

        lines = Taylor(5);
        lines[3] = "\"2000-06-05 01:00:00\",3,1e99";
        Assert.Contains("line 4, column demand_mw: '1e99' is not a finite", ReadFails(_files.Write("huge.csv", lines)).Message);
    }

    [Fact]
    public void AMissingValueFailsByDefaultAndFillsForwardOnRequest()
    {
        var lines = Taylor(6);
        lines[3] = "\"2000-06-05 01:00:00\",3,";
        lines[5] = "\"2000-06-05 02:00:00\",5,NA";
        var path = _files.Write("gaps.csv", lines);
        var e = ReadFails(path);
        Assert.Contains("gaps.csv: line 4, column demand_mw: missing value ('')", e.Message);
        Assert.Contains("FillForward", e.Message);

        var filled = TimeSeriesCsv.Read(path, new() { Columns = ["demand_mw"], MissingValues = MissingValuePolicy.FillForward });
        Assert.Equal([20000f, 20010f, 20010f, 20030f, 20030f, 20050f], filled.Values);

        lines = Taylor(4);
        lines[1] = "\"2000-06-05 00:00:00\",1,NaN";
        var lead = ReadFails(_files.Write("lead.csv", lines), new() { MissingValues = MissingValuePolicy.FillForward });
        Assert.Contains("line 2, column demand_mw: missing value ('NaN') before the column's first value", lead.Message);
    }

    [Fact]
    public void UnsortedAndDuplicatedDatesAreErrors()
    {
        var lines = Taylor(8);
        (lines[5], lines[6]) = (lines[6], lines[5]);
        var e = ReadFails(_files.Write("unsorted.csv", lines));
        Assert.Contains("unsorted.csv: line 7, column timestamp: date '2000-06-05 02:00:00' is earlier than line 6's '2000-06-05 02:30:00' (dates must be sorted)", e.Message);

        lines = Taylor(8);
        lines[4] = lines[3].Replace(",3,", ",4,");
        e = ReadFails(_files.Write("duplicated.csv", lines));
        Assert.Contains("duplicated.csv: line 5, column timestamp: date '2000-06-05 01:00:00' repeats line 4's (duplicated date)", e.Message);

        lines = Taylor(8);
        lines[6] = "\"2000-06-05 25:00:00\",6,1";
        e = ReadFails(_files.Write("baddate.csv", lines));
        Assert.Contains("line 7, column timestamp: '2000-06-05 25:00:00' is not a date", e.Message);

        lines = Taylor(8);
        lines[2] = ",2,1";
        Assert.Contains("line 3, column timestamp: missing date", ReadFails(_files.Write("nodate.csv", lines)).Message);
    }

    [Fact]
    public void MissingColumnsAndMalformedRowsAreNamed()
    {
        var path = _files.Write("taylor.csv", Taylor(4));
        var e = ReadFails(path, new() { Columns = ["demand"] });
        Assert.Contains("no column 'demand' (columns: timestamp, index, demand_mw)", e.Message);
        e = ReadFails(path, new() { DateColumn = "date" });
        Assert.Contains("no date column 'date' (columns: timestamp, index, demand_mw)", e.Message);
        e = ReadFails(path, new() { Columns = ["demand_mw"], Target = "index" });
        Assert.Contains("target 'index' is not among the value columns (demand_mw)", e.Message);
        Assert.Contains("date column 'timestamp'", Assert.Throws<ArgumentException>(() => TimeSeriesCsv.Read(path, new() { Columns = ["timestamp"] })).Message);

        var lines = Taylor(4);
        lines[3] = "\"2000-06-05 01:00:00\",3";
        Assert.Contains("short.csv: line 4: 2 fields, expected 3", ReadFails(_files.Write("short.csv", lines)).Message);
        Assert.Contains("no data rows", ReadFails(_files.Write("empty.csv", "date,value")).Message);
        Assert.Contains("column 'a' appears twice", ReadFails(_files.Write("twice.csv", "a,a", "1,2")).Message);
        Assert.Throws<FileNotFoundException>(() => TimeSeriesCsv.Read(Path.Combine(Path.GetTempPath(), "no-such-series.csv")));
    }

    [Fact]
    public void ConstructorChecksItsArguments()
    {
        Assert.Contains("do not fill rows of 2", Assert.Throws<ArgumentException>(() => new TimeSeries("s", ["a", "b"], new float[3])).Message);
        Assert.Contains("'a' appears twice", Assert.Throws<ArgumentException>(() => new TimeSeries("s", ["a", "a"], new float[2])).Message);
        Assert.Contains("1 dates for 2 steps", Assert.Throws<ArgumentException>(() => new TimeSeries("s", ["a"], new float[2], [DateTime.MinValue])).Message);
        Assert.Contains("period 1", Assert.Throws<ArgumentException>(() => new TimeSeries("s", ["a"], new float[2], periods: [1])).Message);
        Assert.Contains("target 'b'", Assert.Throws<ArgumentException>(() => new TimeSeries("s", ["a"], new float[2], target: "b")).Message);
    }
}
