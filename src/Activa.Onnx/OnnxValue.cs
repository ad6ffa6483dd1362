namespace Activa.Onnx;

/// <summary>A graph input or output: its name, element type (<see cref="OnnxGraph.FloatType"/>, <see cref="OnnxGraph.Int64Type"/>) and dimensions (−1 = batch).</summary>
internal sealed record OnnxValue(string Name, int Type, long[] Dims)
{
    /// <summary>"name [batch, 96, 7] float"-style text for the command's report.</summary>
    public override string ToString() =>
        $"'{Name}' [{string.Join(", ", Dims.Select(d => d < 0 ? "batch" : d.ToString(System.Globalization.CultureInfo.InvariantCulture)))}] {(Type == OnnxGraph.Int64Type ? "int64" : "float")}";
}
