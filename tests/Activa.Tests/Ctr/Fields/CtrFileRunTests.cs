using System.Globalization;
using Activa.Data;
using Activa.Data.Ctr.Features;
using Activa.IO;
using Activa.Models.Ctr;
using Activa.Models.Ctr.Fields;
using Activa.Tests.Ctr.Features;
using Activa.Training;
using Parquet;
using Parquet.Schema;

namespace Activa.Tests.Ctr.Fields;

/// <summary>
/// What <c>activa ctr train --data FILE --schema S</c> and <c>activa ctr eval RUN [--data FILE]</c> do (the CLI maps its
/// options onto <see cref="CtrFileRun"/>): splits, the checkpoint with the pipeline inside, Criteo files, bad rows.
/// </summary>
[Collection("GlobalSettings")]
public sealed class CtrFileRunTests : IDisposable
{
    private readonly TempFiles _files = new();
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"activa-ctr-run-{Guid.NewGuid():N}");

    private static readonly FieldTrainOptions Quick = FieldModelTrainingTests.Training with
    {
        Training = FieldModelTrainingTests.Training.Training with { Epochs = 3 },
    };

    public void Dispose()
    {
        _files.Dispose();
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private CtrFileSpec Spec(string csv, string schema = ClickFile.Schema) =>
        new() { Data = _files.Write(csv), Schema = _files.Write(schema, ".json") };

    [Fact]
    public void TrainWritesARunThatEvalReadsBackWithTheSavedPipeline()
    {
        var (csv, _) = ClickFile.Make(2000, seed: 4, tail: 200);
        var spec = Spec(csv);
        var run = CtrFileRun.Train(spec, "din", FieldModelTrainingTests.Small, Quick, _dir);
        Assert.True(File.Exists(Path.Combine(_dir, "history.json")));
        Assert.Equal(CtrCheckpoint.FieldsFormat, CtrCheckpoint.FormatOf(run.Checkpoint));
        Assert.True(run.Result.Fit.Test.Auc > 0.7, $"test AUC {run.Result.Fit.Test.Auc:F4}");

        // eval RUN: the run's own test split (the last 10 % of the file), the same metrics as at the end of training.
        var (own, info) = CtrFileRun.Evaluate(run.Checkpoint, null);
        Assert.Equal("din", info.Model);
        Assert.Equal(run.Result.Fit.Test, own.Metrics);
        Assert.Equal(200, own.Rows.Used);

        // eval RUN --data FILE: those rows as a file of their own, encoded with the saved pipeline: identical scores.
        var lines = csv.TrimEnd('\n').Split('\n');
        var testFile = _files.Write(string.Join('\n', lines.Take(1).Concat(lines[^200..])) + "\n");
        var (other, _) = CtrFileRun.Evaluate(run.Checkpoint, testFile);
        Assert.Equal(run.Result.Fit.Test, other.Metrics);
        var (loaded, _, pipeline) = CtrCheckpoint.LoadFields(run.Checkpoint);
        using var a = new CsvRowSource(testFile);
        using var b = new CsvRowSource(testFile);
        Assert.Equal(FieldCtrTrainer.Score(run.Model, run.Pipeline, a), FieldCtrTrainer.Score(loaded, pipeline, b));
        Assert.Equal(run.Pipeline.ToJson(), pipeline.ToJson());
    }

    [Theory]
    [InlineData("finalmlp")]
    [InlineData("deepfm")]
    public void ACheckpointRoundTripGivesIdenticalScores(string name)
    {
        var (csv, _) = ClickFile.Make(300, seed: 6, tail: 30);
        var spec = Spec(csv);
        FeaturePipeline pipeline;
        using (var rows = new CsvRowSource(spec.Data)) pipeline = FeaturePipeline.Fit(CtrFileData.LoadSchema(spec), rows);
        FeatureBatch batch;
        using (var rows = new CsvRowSource(spec.Data)) batch = pipeline.Transform(rows);
        var options = FieldModelTrainingTests.Small with { Pooling = BagMode.Mean };
        var model = FieldCtrModel.Create(name, new FieldLayout(pipeline), options, seed: 8);
        model.Eval();
        var path = _files.Path(".safetensors");
        CtrCheckpoint.Save(path, model, new FieldRunInfo(name, options, spec.Absolute(), 8, "user"), pipeline);
        var (loaded, info, restored) = CtrCheckpoint.LoadFields(path);
        loaded.Eval();
        Assert.Equal(BagMode.Mean, info.Options.Pooling);
        Assert.Equal("user", info.GroupField);
        Assert.Equal(model.Predict(batch), loaded.Predict(batch));
        using (var rows = new CsvRowSource(spec.Data)) Assert.Equal(model.Predict(batch), loaded.Predict(restored.Transform(rows)));
        var e = Assert.Throws<CheckpointFormatException>(() => CtrCheckpoint.Load(path));
        Assert.Contains("LoadFields", e.Message);
    }

    [Fact]
    public void ABehaviourModelCheckpointIsNotAFieldCheckpoint()
    {
        var data = new Activa.Data.Ctr.SyntheticClicks { Users = 20, Items = 30, Categories = 4, SamplesPerUser = 2 }.Generate(1);
        var model = CtrModel.Create("dnn", data.Train, FieldModelTrainingTests.Small);
        var path = _files.Path(".safetensors");
        CtrCheckpoint.Save(path, model, new CtrRunInfo("dnn", model.Options, model.Vocabulary, "synthetic", 0));
        Assert.Equal(CtrCheckpoint.Format, CtrCheckpoint.FormatOf(path));
        Assert.Equal("dnn", CtrCheckpoint.Load(path).Info.Model);
        Assert.Throws<CheckpointFormatException>(() => CtrCheckpoint.LoadFields(path));
    }

    /// <summary>A Criteo-layout line whose click depends on C1 (values 0–5) crossed with I1, plus C2's main effect.</summary>
    private static string CriteoLine(Random rng)
    {
        int c1 = rng.Next(6), c2 = rng.Next(8), i1 = rng.Next(0, 100);
        double logit = (c1 % 2 == 0 ? 1.5 : -1.5) * (i1 < 50 ? 1 : -1) + (c2 < 4 ? 1 : -1);
        int label = rng.NextDouble() < 1 / (1 + Math.Exp(-logit)) ? 1 : 0;
        var parts = new List<string> { label.ToString(CultureInfo.InvariantCulture), i1.ToString(CultureInfo.InvariantCulture) };
        for (int i = 1; i < 13; i++) parts.Add(rng.NextDouble() < 0.2 ? "" : rng.Next(0, 30).ToString(CultureInfo.InvariantCulture));
        parts.Add(c1.ToString("x8", CultureInfo.InvariantCulture));
        parts.Add(c2.ToString("x8", CultureInfo.InvariantCulture));
        for (int i = 2; i < 26; i++) parts.Add(rng.NextDouble() < 0.1 ? "" : rng.Next(0, 4).ToString("x8", CultureInfo.InvariantCulture));
        return string.Join('\t', parts);
    }

    [Fact]
    public void ACriteoFileTrainsWithTheBuiltInSchema()
    {
        var rng = new Random(17);
        var data = _files.Write(string.Join('\n', Enumerable.Range(0, 3000).Select(_ => CriteoLine(rng))) + "\n", ".txt");
        var spec = new CtrFileSpec { Data = data, Schema = "criteo" };
        var training = FieldModelTrainingTests.Training with { GroupField = null, Training = FieldModelTrainingTests.Training.Training with { Epochs = 5 } };
        var run = CtrFileRun.Train(spec, "dnn", FieldModelTrainingTests.Small, training, _dir);
        Assert.Equal(26, run.Model.Layout.Slots.Count);
        Assert.Equal(13, run.Model.Layout.NumericFields.Count);
        Assert.Equal(2400, run.Result.Train.Used);
        Assert.True(run.Result.Fit.Test.Auc > 0.75, $"Criteo test AUC {run.Result.Fit.Test.Auc:F4}");
        Assert.True(double.IsNaN(run.Result.Fit.Test.GroupAuc));
        Assert.Equal(run.Result.Fit.Test, CtrFileRun.Evaluate(run.Checkpoint, null).Evaluation.Metrics);
    }

    /// <summary>The click CSV as Parquet, in row groups of 500 rows (click as int, price as double, the rest strings).</summary>
    private static async Task WriteParquet(string csv, string path)
    {
        var rows = csv.TrimEnd('\n').Split('\n').Skip(1).Select(l => l.Split(',')).ToArray();
        var click = new DataField<int>("click");
        var price = new DataField<double>("price");
        var text = new[] { "user", "item", "color", "tags", "history" }.Select(n => new DataField<string>(n)).ToArray();
        using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema([click, price, .. text]), stream);
        foreach (var group in rows.Chunk(500))
        {
            using var rg = writer.CreateRowGroup();
            await rg.WriteAsync(click, new ReadOnlyMemory<int>([.. group.Select(r => int.Parse(r[0], CultureInfo.InvariantCulture))]));
            await rg.WriteAsync(price, new ReadOnlyMemory<double>([.. group.Select(r => double.Parse(r[4], CultureInfo.InvariantCulture))]));
            int[] columns = [1, 2, 3, 5, 6];
            for (int k = 0; k < text.Length; k++) await rg.WriteAsync(text[k], group.Select(r => r[columns[k]]).ToArray());
        }
    }

    [Fact]
    public async Task AParquetFileTrainsLikeTheSameRowsAsCsv()
    {
        var (csv, _) = ClickFile.Make(1500, seed: 12, tail: 150);
        var spec = Spec(csv);
        var parquet = _files.Path(".parquet");
        await WriteParquet(csv, parquet);
        var fromCsv = CtrFileRun.Train(spec, "deepfm", FieldModelTrainingTests.Small, FieldModelTrainingTests.Training, Path.Combine(_dir, "csv"));
        var fromParquet = CtrFileRun.Train(spec with { Data = parquet }, "deepfm", FieldModelTrainingTests.Small, FieldModelTrainingTests.Training, Path.Combine(_dir, "parquet"));
        Assert.Equal(1200, fromParquet.Result.Train.Used);
        Assert.Equal(fromCsv.Pipeline.ToJson(), fromParquet.Pipeline.ToJson());
        Assert.Equal(fromCsv.Result.Fit.Test, fromParquet.Result.Fit.Test);
        Assert.True(fromParquet.Result.Fit.Test.Auc > 0.7, $"test AUC {fromParquet.Result.Fit.Test.Auc:F4}");
    }

    [Fact]
    public void SeparateValidationAndTestFilesAndFractions()
    {
        var (csv, _) = ClickFile.Make(1000, seed: 9, tail: 100);
        var lines = csv.TrimEnd('\n').Split('\n');
        var spec = Spec(csv) with { ValidFraction = 0.2, TestFraction = 0.05 };
        var splits = CtrFileData.Split(spec);
        Assert.Equal(750, RowRangeSource.Count(splits.Train.Open()));
        Assert.Equal(200, RowRangeSource.Count(splits.Validation.Open()));
        Assert.Equal(50, RowRangeSource.Count(splits.Test.Open()));
        var test = _files.Write(string.Join('\n', lines.Take(31)) + "\n");
        var files = CtrFileData.Split(spec with { Test = test });
        Assert.Equal(800, RowRangeSource.Count(files.Train.Open()));
        Assert.Equal(30, RowRangeSource.Count(files.Test.Open()));
        Assert.Throws<ArgumentException>(() => CtrFileData.Split(spec with { ValidFraction = 0.6, TestFraction = 0.4 }));
        Assert.Throws<ArgumentException>(() => CtrFileData.Split(spec with { ValidFraction = 0 }));
    }

    [Fact]
    public void ASchemaNamingAMissingColumnIsAnErrorNamingIt()
    {
        var (csv, _) = ClickFile.Make(100, seed: 1, tail: 10);
        var spec = Spec(csv, ClickFile.Schema.Replace("\"column\": \"price\"", "\"column\": \"cost\""));
        var e = Assert.Throws<DataFormatException>(() => CtrFileRun.Train(spec, "dnn", FieldModelTrainingTests.Small, Quick, _dir));
        Assert.Contains("'cost'", e.Message);
        Assert.Contains(spec.Data, e.Message);
        Assert.False(Directory.Exists(_dir));
    }

    [Fact]
    public void DinWithoutASequenceFieldOrAUserFieldThatIsNoCategoricalFailBeforeReadingTheData()
    {
        var spec = new CtrFileSpec { Data = "/no/such/file.csv", Schema = _files.Write("""{ "label": { "column": "click" }, "fields": [ { "kind": "categorical", "column": "item" } ] }""", ".json") };
        var e = Assert.Throws<ArgumentException>(() => CtrFileRun.Train(spec, "din", FieldModelTrainingTests.Small, Quick, _dir));
        Assert.Contains("no sequence field", e.Message);
        var group = Assert.Throws<ArgumentException>(() => CtrFileRun.Train(spec, "dnn", FieldModelTrainingTests.Small, Quick with { GroupField = "price" }, _dir));
        Assert.Contains("--user-field 'price'", group.Message);
        var none = Assert.Throws<ArgumentException>(() => CtrFileData.LoadSchema(spec with { Schema = "" }));
        Assert.Contains("--schema", none.Message);
    }

    /// <summary>The click file with two malformed rows in its training part: a non-numeric price on line 11, a short row on
    /// line 21 (and optionally an empty label on line 995, in the test split: rows 901–1000 are lines 902–1001).</summary>
    private CtrFileSpec WithBadRows(bool inTest = false)
    {
        var lines = ClickFile.Make(1000, seed: 2, tail: 100).Csv.TrimEnd('\n').Split('\n');
        lines[10] = "1,u1,i2,c0,cheap,a,i1";
        lines[20] = "0,u1,i2";
        if (inTest) lines[994] = ",u1,i2,c0,3,a,i1";
        return Spec(string.Join('\n', lines) + "\n");
    }

    [Fact]
    public void MalformedRowsStopWithFileAndLine()
    {
        var spec = WithBadRows();
        var e = Assert.Throws<DataFormatException>(() => CtrFileRun.Train(spec, "dnn", FieldModelTrainingTests.Small, Quick, _dir));
        Assert.Contains(spec.Data, e.Message);
        Assert.Contains("line 11", e.Message);
        Assert.Contains("price", e.Message);
        // A split cut from the end of the file still reports the row by its line in the file.
        var late = WithBadRows(inTest: true);
        var training = Quick with { BadRows = BadRowPolicy.Skip };
        Assert.Equal(1, CtrFileRun.Train(late, "lr", FieldModelTrainingTests.Small, training, _dir).Result.Test.Skipped);
        Assert.Equal(1, CtrFileRun.Evaluate(Path.Combine(_dir, "checkpoint.safetensors"), null, BadRowPolicy.Skip).Evaluation.Rows.Skipped);
        var stop = Assert.Throws<DataFormatException>(() => CtrFileRun.Evaluate(Path.Combine(_dir, "checkpoint.safetensors"), null));
        Assert.Contains("line 995", stop.Message);
        Assert.Contains(late.Data, stop.Message);
    }

    [Fact]
    public void MalformedRowsSkippedAreCounted()
    {
        var spec = WithBadRows();
        var log = new StringWriter();
        var run = CtrFileRun.Train(spec, "lr", FieldModelTrainingTests.Small, Quick with { BadRows = BadRowPolicy.Skip }, _dir, log);
        Assert.Equal(800, run.Result.Train.Rows);
        Assert.Equal(2, run.Result.Train.Skipped);
        Assert.Equal(2, run.Pipeline.FitSummary.Skipped);
        Assert.Equal(0, run.Result.Validation.Skipped);
        Assert.Contains("line 21", run.Result.Train.FirstReasons[1]);
        Assert.Contains("malformed rows skipped: train 2", log.ToString());
    }
}
