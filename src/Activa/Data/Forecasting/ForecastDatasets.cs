namespace Activa.Data.Forecasting;

/// <summary>
/// The forecasting datasets by name: "synthetic" (embedded, <see cref="SyntheticSeries"/>) and the real series that
/// <c>data/get.sh NAME</c> derives from Debian packages ("chicago", "taylor", "eustock"), each read with its preset
/// (<see cref="Options"/>); anything else is taken as the path of a CSV file (<see cref="TimeSeriesCsv"/>).
/// </summary>
/// <remarks>
/// Presets:
/// <list type="bullet">
/// <item>chicago — daily, date column "date"; the target "ridership" (Clark/Lake) plus the 20 station columns (each a
/// 14-day lag of its station's ridership); weather and game days are left out. Periods 7 and 365.</item>
/// <item>taylor — half-hourly, date column "timestamp"; the one channel "demand_mw" (the counter "index" is left out).
/// Periods 48 and 336.</item>
/// <item>eustock — business days without dates ("day" is a counter, "time" a fractional year: both left out); the four
/// indices DAX, SMI, CAC, FTSE, target FTSE (the last, the TSL convention). No seasonal period.</item>
/// </list>
/// </remarks>
public static class ForecastDatasets
{
    /// <summary>The environment variable that, set to 1, makes tests fail instead of skip when a real series is missing.</summary>
    public const string RequireVariable = "ACTIVA_REQUIRE_SERIES";

    /// <summary>The dataset names, the embedded one first.</summary>
    public static IReadOnlyList<string> Names { get; } = ["synthetic", "chicago", "taylor", "eustock"];

    /// <summary>The 20 station columns of chicago.csv (14-day lags of station ridership).</summary>
    public static IReadOnlyList<string> ChicagoStations { get; } =
    [
        "Austin", "Quincy_Wells", "Belmont", "Archer_35th", "Oak_Park", "Western", "Clark_Lake", "Clinton", "Merchandise_Mart",
        "Irving_Park", "Washington_Wells", "Harlem", "Monroe", "Polk", "Ashland", "Kedzie", "Addison", "Jefferson_Park",
        "Montrose", "California",
    ];

    /// <summary>True for one of <see cref="Names"/>.</summary>
    public static bool IsName(string nameOrPath) => Names.Contains(nameOrPath, StringComparer.Ordinal);

    /// <summary>
    /// Whether <see cref="Load"/> would find <paramref name="nameOrPath"/>'s data: always for "synthetic", when the CSV
    /// is found (<see cref="DataFiles"/>) for a real name, when the file exists for a path.
    /// </summary>
    public static bool IsAvailable(string nameOrPath)
    {
        ArgumentNullException.ThrowIfNull(nameOrPath);
        if (nameOrPath == "synthetic") return true;
        return IsName(nameOrPath) ? DataFiles.Find(nameOrPath + ".csv") != null : File.Exists(nameOrPath);
    }

    /// <summary>True when the environment asks for the real series to be present (<see cref="RequireVariable"/> = 1).</summary>
    public static bool Required => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    /// <summary>The CSV options of a real dataset's preset.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not chicago, taylor or eustock.</exception>
    public static TimeSeriesCsvOptions Options(string name) => name switch
    {
        "chicago" => new() { Name = "chicago", DateColumn = "date", Columns = ["ridership", .. ChicagoStations], Target = "ridership", Periods = [7, 365] },
        "taylor" => new() { Name = "taylor", DateColumn = "timestamp", Columns = ["demand_mw"], Periods = [48, 336] },
        "eustock" => new() { Name = "eustock", DateColumn = TimeSeriesCsvOptions.NoDate, Columns = ["DAX", "SMI", "CAC", "FTSE"] },
        _ => throw new ArgumentException($"'{name}' is not a real dataset with a preset (chicago, taylor, eustock).", nameof(name)),
    };

    /// <summary>
    /// Loads a dataset by name (see <see cref="Names"/>) or a CSV file by path (read with <paramref name="csvOptions"/>,
    /// which only paths take; a preset fixes its own).
    /// </summary>
    /// <exception cref="FileNotFoundException">A real dataset whose CSV is missing (the message says to run
    /// <c>data/get.sh NAME</c>), or a path that does not exist.</exception>
    /// <exception cref="ArgumentException">A name that is neither a dataset nor a CSV path, or options given with a name.</exception>
    /// <exception cref="DataFormatException">The CSV is malformed.</exception>
    public static TimeSeries Load(string nameOrPath, TimeSeriesCsvOptions? csvOptions = null)
    {
        ArgumentNullException.ThrowIfNull(nameOrPath);
        if (IsName(nameOrPath) && csvOptions != null)
            throw new ArgumentException($"Dataset '{nameOrPath}' has its own preset; CSV options apply to file paths only.", nameof(csvOptions));
        if (nameOrPath == "synthetic") return SyntheticSeries.Generate();
        if (IsName(nameOrPath)) return TimeSeriesCsv.Read(DataFiles.Require(nameOrPath), Options(nameOrPath));
        if (!File.Exists(nameOrPath) && !nameOrPath.Contains('/') && !nameOrPath.Contains('\\') && !Path.HasExtension(nameOrPath))
            throw new ArgumentException($"Unknown dataset '{nameOrPath}': use one of {string.Join(", ", Names)}, or the path of a CSV file.", nameof(nameOrPath));
        return TimeSeriesCsv.Read(nameOrPath, csvOptions);
    }
}
