namespace Activa.Tests.Forecasting;

/// <summary>A temporary folder of CSV files for one test class, deleted afterwards.</summary>
internal sealed class DataTempFiles : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "activa-series-tests-" + Guid.NewGuid().ToString("N"));

    public DataTempFiles() => Directory.CreateDirectory(_dir);

    /// <summary>Writes <paramref name="lines"/> to <paramref name="name"/> in the folder and returns its path.</summary>
    public string Write(string name, params string[] lines)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
        return path;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
