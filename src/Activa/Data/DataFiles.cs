namespace Activa.Data;

/// <summary>
/// Where the derived real datasets live: <c>data/get.sh NAME</c> writes <c>data/NAME.csv</c> in the repository. A file is
/// looked for in the folder named by the environment variable <c>ACTIVA_DATA</c>, then in <c>data/</c> of the working
/// directory and of each folder above it (so tests and tools run from build folders find the repository's copy).
/// </summary>
public static class DataFiles
{
    /// <summary>The environment variable naming a data folder.</summary>
    public const string Variable = "ACTIVA_DATA";

    /// <summary>The full path of <paramref name="fileName"/>, or null when it is nowhere to be found.</summary>
    public static string? Find(string fileName)
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } dir && File.Exists(Path.Combine(dir, fileName)))
            return Path.GetFullPath(Path.Combine(dir, fileName));
        for (var d = new DirectoryInfo(Environment.CurrentDirectory); d != null; d = d.Parent)
        {
            var candidate = Path.Combine(d.FullName, "data", fileName);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>The full path of dataset <paramref name="name"/>'s CSV.</summary>
    /// <exception cref="FileNotFoundException">Not found; the message says how to derive it.</exception>
    public static string Require(string name) => Find(name + ".csv") ?? throw new FileNotFoundException(
        $"Dataset '{name}' not found: run `data/get.sh {name}` in the repository (it derives data/{name}.csv from a Debian package), " +
        $"or point {Variable} at a folder holding {name}.csv.", name + ".csv");
}
