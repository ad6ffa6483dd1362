using System.Globalization;
using Activa.IO;

namespace Activa.Onnx;

/// <summary>
/// ONNX export of a run's checkpoint, whatever model it holds (<c>activa export RUN --onnx FILE</c>): an MLP or KAN of
/// <c>activa train</c> (<see cref="OnnxExport"/>), a CTR model of <c>activa ctr train</c> on the built-in logs
/// (<see cref="OnnxCtr"/>) or on a file (<see cref="OnnxFieldCtr"/>: the graph starts after the feature pipeline) or a forecaster of <c>activa forecast train</c> (<see cref="OnnxForecast"/>), told apart by
/// the checkpoint's format tag.
/// </summary>
public static class OnnxRuns
{
    /// <summary>Writes the ONNX model of the checkpoint <paramref name="checkpoint"/> to <paramref name="path"/>; returns what was written (the model, its inputs and outputs with their shapes).</summary>
    /// <exception cref="NotSupportedException">A layer or activation without an ONNX form (named).</exception>
    /// <exception cref="CheckpointFormatException">A damaged checkpoint.</exception>
    public static string Export(string checkpoint, string path)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(path);
        string head = $"ONNX opset {OnnxExport.Opset}";
        var format = CtrCheckpoint.FormatOf(checkpoint);
        if (format == CtrCheckpoint.FieldsFormat)
        {
            var (model, info, _) = CtrCheckpoint.LoadFields(checkpoint);
            model.Eval();
            return $"{head}, CTR model '{info.Model}' on {info.Files.Data}: {OnnxFieldCtr.Save(path, model)}";
        }
        if (format == CtrCheckpoint.Format)
        {
            var (model, info) = CtrCheckpoint.Load(checkpoint);
            model.Eval();
            return $"{head}, CTR model '{info.Model}' ({info.Data}): {OnnxCtr.Save(path, model)}";
        }
        if (format == ForecastCheckpoint.Format)
        {
            var (model, info) = ForecastCheckpoint.Load(checkpoint);
            model.Eval();
            string line = OnnxForecast.Save(path, model);
            string scale = string.Join(", ", info.Columns.Select((c, i) => string.Create(CultureInfo.InvariantCulture, $"{c} ({info.Mean[i]:G6}, {info.Std[i]:G6})")));
            return $"{head}, forecaster '{info.Model}': {line}; values standardised per column (mean, std): {scale}";
        }
        var data = Checkpoint.Load(checkpoint);
        var mlp = data.Config.Build();
        mlp.LoadStateDict(data.Model);
        mlp.Eval();
        File.WriteAllBytes(path, OnnxExport.Model(data.Config, mlp));
        return $"{head}, input 'input' [batch, {data.Config.Inputs}], output 'logits' [batch, {data.Config.Outputs}]";
    }
}
