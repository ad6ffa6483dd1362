using System.Diagnostics;

namespace Activa.Tests.Packaging;

/// <summary>
/// The libraries pack with symbols, and the CLI as a .NET tool whose command is <c>activa</c>: <c>dotnet pack</c>, then
/// <c>dotnet tool install</c> into a temporary tool path from the packed folder (as the README shows), then the installed
/// command runs.
/// </summary>
public sealed class ToolPackageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("activa-tool-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string RepositoryRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Activa.slnx"))) return d.FullName;
        throw new InvalidOperationException($"No Activa.slnx above {AppContext.BaseDirectory}.");
    }

    private static (int Code, string Output) Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10))) { process.Kill(entireProcessTree: true); throw new TimeoutException($"{file} {string.Join(' ', args)} ran over 10 minutes."); }
        return (process.ExitCode, stdout + stderr.Result);
    }

    [Fact]
    public void TheCliPacksAsTheActivaToolThatInstallsAndRuns()
    {
        string packages = Path.Combine(_dir, "packages"), tools = Path.Combine(_dir, "tools");
        foreach (var project in new[] { "Activa", "Activa.Plots", "Activa.Cli" })
        {
            var pack = Run("dotnet", "pack", Path.Combine(RepositoryRoot(), "src", project, project + ".csproj"), "-c", "Release", "-o", packages);
            Assert.True(pack.Code == 0, pack.Output);
        }
        foreach (var package in new[] { "Activa.Cli.0.1.0.nupkg", "Activa.Cli.0.1.0.snupkg", "Activa.0.1.0.nupkg", "Activa.Plots.0.1.0.nupkg" })
            Assert.True(File.Exists(Path.Combine(packages, package)), $"{package} missing; packed: {string.Join(", ", Directory.GetFiles(packages).Select(Path.GetFileName))}");

        var install = Run("dotnet", "tool", "install", "Activa.Cli", "--tool-path", tools, "--add-source", packages, "--ignore-failed-sources");
        Assert.True(install.Code == 0, install.Output);
        string activa = Path.Combine(tools, OperatingSystem.IsWindows() ? "activa.exe" : "activa");
        var version = Run(activa, "--version");
        Assert.True(version.Code == 0, version.Output);
        Assert.StartsWith("0.1.0", version.Output.Trim());
        var zoo = Run(activa, "zoo");
        Assert.True(zoo.Code == 0, zoo.Output);
        Assert.Contains("relu", zoo.Output);
        Assert.Contains("gelu", zoo.Output);
    }
}
