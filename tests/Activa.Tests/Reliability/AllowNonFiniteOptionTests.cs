using System.CommandLine;
using Activa.Cli;
using Activa.IO;

namespace Activa.Tests.Reliability;

/// <summary>--allow-nonfinite is one recursive option on the root: given after any command, it sets the load default.</summary>
[Collection("GlobalSettings")]
public class AllowNonFiniteOptionTests
{
    [Fact]
    public void TheRecursiveOptionSetsTheDefaultBeforeTheCommandRuns()
    {
        var saved = SafeTensorsLoadOptions.Default;
        try
        {
            bool? seen = null;
            var command = new Command("eval");
            command.SetAction(_ => { seen = SafeTensorsLoadOptions.Default.AllowNonFinite; return 0; });
            var root = new RootCommand { command };
            root.Options.Add(CommonOptions.AllowNonFinite());

            SafeTensorsLoadOptions.Default = new();
            Assert.Equal(0, root.Parse(["eval"]).Invoke());
            Assert.False(seen);

            Assert.Equal(0, root.Parse(["eval", "--allow-nonfinite"]).Invoke());
            Assert.True(seen);
        }
        finally
        {
            SafeTensorsLoadOptions.Default = saved;
        }
    }
}
