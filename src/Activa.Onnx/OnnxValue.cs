namespace Activa.Onnx;

/// <summary>A graph input or output: its name, element type (<see cref="OnnxGraph.FloatType"/>, <see cref="OnnxGraph.Int64Type"/>) and dimensions (−1 = batch, −2 = a length of its own).</summary>
internal sealed record OnnxValue(string Name, int Type, long[] Dims)
{
    /// <summary>"name [batch, 96, 7] float"-style text for the command's report.</summary>
    public override string ToString() =>
        $"'{Name}' [{string.Join(", ", Dims.Select(d => d < 0 ? Symbol(Name, d) : d.ToString(System.Globalization.CultureInfo.InvariantCulture)))}] {(Type == OnnxGraph.Int64Type ? "int64" : "float")}";

    /// <summary>The symbolic name of dimension <paramref name="d"/> (&lt; 0) of input <paramref name="name"/>.</summary>
    public static string Symbol(string name, long d) => d == -1 ? "batch" : name + "_length";
}
