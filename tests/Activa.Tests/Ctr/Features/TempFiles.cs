namespace Activa.Tests.Ctr.Features;

/// <summary>Temporary files for a test, deleted on dispose.</summary>
internal sealed class TempFiles : IDisposable
{
    private readonly List<string> _paths = [];

    public string Path(string extension = ".csv")
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"activa-features-{Guid.NewGuid():N}{extension}");
        _paths.Add(path);
        return path;
    }

    public string Write(string text, string extension = ".csv")
    {
        var path = Path(extension);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        foreach (var p in _paths)
            try { File.Delete(p); } catch (IOException) { }
    }
}
