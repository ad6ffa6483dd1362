using Activa.Data.Ctr;
using Activa.Data.Ctr.Features;
using Activa.IO;
using Activa.Models.Ctr;
using Activa.Models.Ctr.Fields;
using Activa.Training;

namespace Activa.Reliability.Fuzzing.Targets;

/// <summary>
/// CTR checkpoints, both formats (<see cref="CtrCheckpoint.Load"/> for behaviour-sample models,
/// <see cref="CtrCheckpoint.LoadFields"/> for field models with their feature pipeline), chosen by the file's format tag
/// as the CLI does; a clean rejection is a <see cref="CheckpointFormatException"/>.
/// </summary>
public sealed class CtrCheckpointTarget() : CheckpointFuzzTarget("ctr-checkpoint", "CTR checkpoints, both formats, model rebuilt (CtrCheckpoint.Load, LoadFields)")
{
    private static readonly CtrModelOptions Tiny = new() { EmbeddingDim = 2, Hidden = [3], SecondHidden = [3], AttentionHidden = 2, FusionHeads = 1 };

    /// <inheritdoc/>
    protected override IEnumerable<byte[]> CreateSeeds(string scratch)
    {
        var vocabulary = new CtrVocabulary(5, 7, 3, 4);
        yield return Saved(Path.Combine(scratch, "din.safetensors"),
            path => CtrCheckpoint.Save(path, CtrModel.Create("din", vocabulary, Tiny, 1), new CtrRunInfo("din", Tiny, vocabulary, "synthetic", 1)));

        using var rows = ClickLog.Memory();
        var pipeline = FeaturePipeline.Fit(ClickLog.Schema, rows, new FitOptions { QuantileSample = 64 });
        var model = FieldCtrModel.Create("finalmlp", new FieldLayout(pipeline), Tiny, 2);
        var info = new FieldRunInfo("finalmlp", Tiny, new CtrFileSpec { Data = "/data/clicks.csv", Schema = "/data/schema.json" }, 2, "user");
        yield return Saved(Path.Combine(scratch, "fields.safetensors"), path => CtrCheckpoint.Save(path, model, info, pipeline));
    }

    /// <inheritdoc/>
    public override void Parse(string path)
    {
        var options = new SafeTensorsLoadOptions();
        if (RunCheckpoint.Open(path, options).Format == CtrCheckpoint.FieldsFormat) CtrCheckpoint.LoadFields(path, options);
        else CtrCheckpoint.Load(path, options);
    }
}
