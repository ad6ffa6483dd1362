using Activa.Activations;
using Activa.Activations.Learnable;
using Activa.Nn;

namespace Activa.Tests.Learnable;

/// <summary>How model specs resolve when a learnable and a fixed activation share a name.</summary>
public class LearnableRegistryTests
{
    [Fact]
    public void TheNamesSharedWithTheZooAreTheDocumentedOnes()
    {
        var shared = LearnableActivations.Names.Where(Activation.Exists).Order().ToArray();
        Assert.Equal("aglu apa cauchy elephant polyrelu sine snake xatlu", string.Join(" ", shared));
    }

    [Fact]
    public void ASharedNameGivesTheLearnableModuleAndTheFixedPrefixTheFixedOne()
    {
        Assert.IsType<Snake>(LearnableActivations.CreateModule("snake", 4));
        var fixedSnake = Assert.IsType<Act>(LearnableActivations.CreateModule("fixed:snake(a=2)", 4));
        Assert.Equal("snake", fixedSnake.Activation.Info.Name);
        Assert.Equal(Activation.Create("snake(a=2)").Value(0.7f), fixedSnake.Activation.Value(0.7f));
        Assert.NotEqual(Activation.Create("snake").Value(0.7f), fixedSnake.Activation.Value(0.7f)); // the option reached it
        Assert.IsType<Act>(LearnableActivations.CreateModule("gelu", 4));
        Assert.Equal("snake", Activation.Create(" Fixed:snake ").Info.Name); // the zoo accepts the prefix too
        Assert.True(Activation.Exists("fixed:gelu"));
    }

    [Fact]
    public void AnUnknownFixedNameIsAnErrorNamingTheClosest()
    {
        Assert.ThrowsAny<ArgumentException>(() => LearnableActivations.CreateModule("fixed:snak", 4));
        var ex = Assert.ThrowsAny<ArgumentException>(() => LearnableActivations.Validate("fixed:snak"));
        Assert.Contains("snake", ex.Message);
        LearnableActivations.Validate("fixed:snake(a=2)");
        LearnableActivations.Validate("pau");
    }
}
