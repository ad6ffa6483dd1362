using System.CommandLine;
using Activa.Data.Ctr.Features;
using Activa.Training;

namespace Activa.Cli;

/// <summary>
/// The options of <c>activa ctr train</c> that apply when <c>--data</c> names a file (CSV, TSV, Parquet or Criteo TSV)
/// rather than a built-in log, and how they become a <see cref="CtrFileSpec"/> and <see cref="FieldTrainOptions"/>.
/// </summary>
internal static class CtrFileOptions
{
    public static readonly Option<string?> Schema = new("--schema") { Description = "With --data FILE: the feature schema JSON (docs/ctr.md), or 'criteo' for the Criteo TSV layout and its built-in schema." };
    public static readonly Option<string?> Valid = new("--valid") { Description = "With --data FILE: a separate validation file (else the rows before the test rows)." };
    public static readonly Option<string?> Test = new("--test") { Description = "With --data FILE: a separate test file (else the last rows of --data)." };
    public static readonly Option<double> ValidFraction = new("--valid-fraction") { Description = "With --data FILE and no --valid: fraction of its rows, before the test rows, used for validation.", DefaultValueFactory = _ => 0.1 };
    public static readonly Option<double> TestFraction = new("--test-fraction") { Description = "With --data FILE and no --test: fraction of its rows, at its end, used for testing.", DefaultValueFactory = _ => 0.1 };
    public static readonly Option<string> BadRows = new("--bad-rows") { Description = "Malformed rows: stop (report file and line) or skip (counted in the summary).", DefaultValueFactory = _ => "stop" };
    public static readonly Option<string> Pooling = new("--pooling") { Description = "With --data FILE: pooling of multi-hot fields and of sequences not attended: sum or mean.", DefaultValueFactory = _ => "sum" };
    public static readonly Option<string?> UserField = new("--user-field") { Description = "With --data FILE: the categorical field that groups impressions for gAUC (default: no gAUC)." };
    public static readonly Option<int> ShuffleBuffer = new("--shuffle-buffer") { Description = "With --data FILE: training rows read and shuffled at a time (bounds memory).", DefaultValueFactory = _ => 65_536 };

    /// <summary>The options train adds for files.</summary>
    public static IEnumerable<Option> TrainOptions => [Schema, Valid, Test, ValidFraction, TestFraction, BadRows, Pooling, UserField, ShuffleBuffer];

    /// <summary>True when <paramref name="data"/> is not one of the built-in logs.</summary>
    public static bool IsFile(string data) => data.ToLowerInvariant() is not ("synthetic" or "movielens");

    public static CtrFileSpec Spec(ParseResult parse, string data) => new()
    {
        Data = data,
        Schema = parse.GetValue(Schema) ?? "",
        Valid = parse.GetValue(Valid),
        Test = parse.GetValue(Test),
        ValidFraction = parse.GetValue(ValidFraction),
        TestFraction = parse.GetValue(TestFraction),
    };

    public static BadRowPolicy Policy(string value) => value.ToLowerInvariant() switch
    {
        "stop" => BadRowPolicy.Stop,
        "skip" => BadRowPolicy.Skip,
        _ => throw new ArgumentException($"--bad-rows must be stop or skip, got '{value}'."),
    };

    public static BagMode PoolingMode(string value) => value.ToLowerInvariant() switch
    {
        "sum" => BagMode.Sum,
        "mean" => BagMode.Mean,
        _ => throw new ArgumentException($"--pooling must be sum or mean, got '{value}'."),
    };

    public static FieldTrainOptions Training(ParseResult parse, CtrTrainOptions training) => new()
    {
        Training = training,
        BadRows = Policy(parse.GetValue(BadRows)!),
        ShuffleBuffer = parse.GetValue(ShuffleBuffer),
        GroupField = parse.GetValue(UserField),
    };
}
