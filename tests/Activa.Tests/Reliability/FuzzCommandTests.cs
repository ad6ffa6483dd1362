using Activa.Cli;

namespace Activa.Tests.Reliability;

/// <summary><c>activa fuzz</c>: the per-parser table, replay of one input, and errors naming the option.</summary>
[Collection("GlobalSettings")] // redirects the console
public sealed class FuzzCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("activa-fuzzcli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Output) Run(params string[] args)
    {
        var original = Console.Out;
        var originalError = Console.Error;
        using var text = new StringWriter();
        Console.SetOut(text);
        Console.SetError(text);
        try
        {
            return (FuzzCommand.Create().Parse(args).Invoke(), text.ToString());
        }
        finally
        {
            Console.SetOut(original);
            Console.SetError(originalError);
        }
    }

    [Fact]
    public void PrintsOneRowPerParserWithItsCounts()
    {
        var (code, output) = Run("--parser", "model-config", "--inputs", "150", "--seed", "5");
        Assert.Equal(0, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["parser", "inputs", "rejected", "accepted", "failures", "inputs/s"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var row = lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("model-config", row[0]);
        Assert.Equal(150, int.Parse(row[1]));
        Assert.Equal(150, int.Parse(row[2]) + int.Parse(row[3]));
        Assert.Equal("0", row[4]);
    }

    [Fact]
    public void ReplaysOneInput()
    {
        var path = Path.Combine(_dir, "config.json");
        File.WriteAllText(path, "{\"Inputs\": \"many\"}");
        var (code, output) = Run("--parser", "model-config", "--replay", path);
        Assert.Equal(0, code);
        Assert.Contains("rejected (JsonException", output);
        Assert.Equal(1, Run("--parser", "all", "--replay", path).Code);
    }

    [Theory]
    [InlineData("--parser", "xml", "Unknown parser 'xml' for --parser")]
    [InlineData("--inputs", "0", "--inputs must be at least 1")]
    [InlineData("--timeout", "0", "--timeout must be positive")]
    public void BadOptionsAreOneLineErrors(string option, string value, string expected)
    {
        var (code, output) = Run(option, value);
        Assert.Equal(1, code);
        Assert.Contains(expected, output);
    }
}
