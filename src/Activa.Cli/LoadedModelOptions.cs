using System.CommandLine;

namespace Activa.Cli;

/// <summary>
/// The options that name a checkpoint and the data to test it on (--checkpoint, --data, --data-dir), shared by the
/// commands that look at a trained classifier, and the <see cref="LoadedModel"/> they give.
/// </summary>
internal sealed class LoadedModelOptions
{
    /// <summary>Options whose --data is described by <paramref name="dataDescription"/>.</summary>
    public LoadedModelOptions(string dataDescription) => Data.Description = dataDescription;

    public Option<string> Checkpoint { get; } = CommonOptions.Checkpoint();
    public Option<string> Data { get; } = CommonOptions.Data("auto");
    public Option<string?> DataDir { get; } = CommonOptions.DataDir();

    /// <summary>The checkpoint's model and the test split of the chosen (or its own) dataset.</summary>
    public LoadedModel Load(ParseResult parse) => LoadedModel.Load(parse.GetValue(Checkpoint)!, parse.GetValue(Data), parse.GetValue(DataDir));
}
