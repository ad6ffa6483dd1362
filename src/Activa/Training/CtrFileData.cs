using Activa.Data;
using Activa.Data.Ctr.Features;

namespace Activa.Training;

/// <summary>
/// A click-log file to train on: the data, its schema and how it splits. The schema is a JSON file
/// (<see cref="FeatureSchema"/>) or "criteo" (<see cref="FeatureSchema.Criteo"/>; the file then has Criteo's TSV layout
/// without header). Without <see cref="Valid"/> / <see cref="Test"/> files, validation and test are the last rows of
/// <see cref="Data"/> in file order: the test split the last <see cref="TestFraction"/>, validation the
/// <see cref="ValidFraction"/> before it, training the rest (the pipeline is fitted on training rows only).
/// </summary>
public sealed record CtrFileSpec
{
    /// <summary>The schema name that selects the built-in Criteo schema and layout.</summary>
    public const string Criteo = "criteo";

    /// <summary>The data file: CSV with a header (comma; tab for .tsv and .txt), Parquet (.parquet), or Criteo TSV.</summary>
    public string Data { get; init; } = "";
    /// <summary>A schema JSON file, or "criteo".</summary>
    public string Schema { get; init; } = "";
    /// <summary>A separate validation file (same layout), or null to take validation rows from <see cref="Data"/>.</summary>
    public string? Valid { get; init; }
    /// <summary>A separate test file (same layout), or null to take test rows from <see cref="Data"/>.</summary>
    public string? Test { get; init; }
    /// <summary>Fraction of the rows of <see cref="Data"/> used for validation when there is no <see cref="Valid"/> file (0.1).</summary>
    public double ValidFraction { get; init; } = 0.1;
    /// <summary>Fraction of the rows of <see cref="Data"/> used for testing when there is no <see cref="Test"/> file (0.1).</summary>
    public double TestFraction { get; init; } = 0.1;

    /// <summary>True when the data is in Criteo's layout with the built-in schema.</summary>
    public bool IsCriteo => Schema.Equals(Criteo, StringComparison.OrdinalIgnoreCase);

    /// <summary>The same spec with every path made absolute (what a checkpoint records).</summary>
    public CtrFileSpec Absolute() => this with
    {
        Data = Path.GetFullPath(Data),
        Schema = IsCriteo ? Criteo : Path.GetFullPath(Schema),
        Valid = Valid is null ? null : Path.GetFullPath(Valid),
        Test = Test is null ? null : Path.GetFullPath(Test),
    };
}

/// <summary>Opens the files of a <see cref="CtrFileSpec"/>: its schema, its rows and its three splits.</summary>
public static class CtrFileData
{
    /// <summary>The schema: the built-in Criteo one (min-count 10) or the JSON file.</summary>
    /// <exception cref="ArgumentException">No schema given, or an invalid one (the message names the file and field).</exception>
    /// <exception cref="FileNotFoundException">No such schema file.</exception>
    public static FeatureSchema LoadSchema(CtrFileSpec spec)
    {
        if (spec.IsCriteo) return FeatureSchema.Criteo();
        if (string.IsNullOrWhiteSpace(spec.Schema))
            throw new ArgumentException($"--data {spec.Data} needs --schema: a schema JSON file (docs/ctr.md, \"Feature pipeline\"), or 'criteo' for the Criteo TSV layout.");
        if (!File.Exists(spec.Schema)) throw new FileNotFoundException($"Schema file not found: {spec.Schema}", spec.Schema);
        try
        {
            return FeatureSchema.Load(spec.Schema);
        }
        catch (FormatException e)
        {
            throw new ArgumentException(e.Message, e);
        }
    }

    /// <summary>Opens the rows of <paramref name="path"/>: Criteo TSV, Parquet (.parquet), tab-separated CSV (.tsv, .txt) or CSV.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="DataFormatException">Not readable.</exception>
    public static IRowSource Open(string path, bool criteo)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Data file not found: {path}", path);
        if (criteo) return CriteoRowSource.Open(path);
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".parquet" => new ParquetRowSource(path),
            ".tsv" or ".txt" => new CsvRowSource(path, '\t'),
            _ => new CsvRowSource(path),
        };
    }

    /// <summary>
    /// The training, validation and test splits of <paramref name="spec"/>. When rows are taken from the data file, it is
    /// read once to count them (malformed rows count: a row is a record).
    /// </summary>
    /// <exception cref="ArgumentException">Fractions outside [0, 1) or too few rows for a non-empty split.</exception>
    public static FieldSplits Split(CtrFileSpec spec)
    {
        bool criteo = spec.IsCriteo;
        double valid = spec.Valid is null ? spec.ValidFraction : 0, test = spec.Test is null ? spec.TestFraction : 0;
        if (spec.Valid is null && !(valid > 0 && valid < 1))
            throw new ArgumentException($"--valid-fraction must be in (0, 1) without a --valid file, got {spec.ValidFraction}.");
        if (spec.Test is null && !(test > 0 && test < 1))
            throw new ArgumentException($"--test-fraction must be in (0, 1) without a --test file, got {spec.TestFraction}.");
        if (valid + test >= 1) throw new ArgumentException($"--valid-fraction {valid} and --test-fraction {test} leave no training rows.");
        RowSplit File(string name, string path) => new(name, () => Open(path, criteo));
        if (valid == 0 && test == 0)
            return new FieldSplits(File("train", spec.Data), File("validation", spec.Valid!), File("test", spec.Test!));
        long rows = RowRangeSource.Count(Open(spec.Data, criteo));
        long nTest = (long)Math.Round(rows * test), nValid = (long)Math.Round(rows * valid), nTrain = rows - nValid - nTest;
        if (nTrain < 1 || (valid > 0 && nValid < 1) || (test > 0 && nTest < 1))
            throw new ArgumentException($"{spec.Data} has {rows} rows: too few for training, validation ({valid}) and test ({test}) splits.");
        RowSplit Range(string name, long from, long to) => new(name, () => new RowRangeSource(Open(spec.Data, criteo), from, to));
        return new FieldSplits(
            Range("train", 0, nTrain),
            spec.Valid is null ? Range("validation", nTrain, nTrain + nValid) : File("validation", spec.Valid),
            spec.Test is null ? Range("test", nTrain + nValid, rows) : File("test", spec.Test));
    }
}
