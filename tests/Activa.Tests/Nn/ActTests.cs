using Activa.Activations;
using Activa.Autograd;
using Activa.Nn;
using static Activa.Tests.Ops.Reference;

namespace Activa.Tests.Nn;

/// <summary>Act: a registry activation as a layer, values and gradients for every registered name.</summary>
public class ActTests
{
    // the names NnReference.Activation knows; the whole catalogue is checked in Activations/CatalogTests
    public static TheoryData<string> Names() => ["identity", "relu", "sigmoid", "tanh"];

    [Theory]
    [MemberData(nameof(Names))]
    public void ForwardMatchesReference(string name)
    {
        var x = AwayFromZero(new Generator(300), 0.05f, 4f, 7, 9);
        var layer = new Act(name);
        AssertClose(Map(Values(x), v => NnReference.Activation(name, v)), layer.Forward(x), rtol: 1e-5, atol: 1e-6, what: name);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void GradientMatchesReference(string name)
    {
        // away from 0, where relu has its kink
        var x = AwayFromZero(new Generator(301), 0.05f, 3f, 4, 5);
        GradCheck.Check(t => new Act(name).Forward(t[0]), [x], ModuleGradCheck.AgainstReference,
            reference: d => Map(d[0], v => NnReference.Activation(name, v)));
    }

    [Fact]
    public void RegistryHasTheDocumentedNames() =>
        Assert.Subset(Activation.Names.ToHashSet(), new HashSet<string> { "identity", "relu", "sigmoid", "tanh" });

    [Fact]
    public void NamesAreCaseInsensitive()
    {
        var x = Tensor.FromArray([-1f, 2f]);
        Assert.Equal([0f, 2f], new Act("ReLU").Forward(x).ToArray());
        Assert.Equal("relu", new Act("ReLU").ActivationName);
    }

    [Fact]
    public void UnknownNameThrowsWithSuggestions()
    {
        var e = Assert.Throws<ArgumentException>(() => new Act("rleu"));
        Assert.Contains("relu", e.Message);
        Assert.Contains("rleu", e.Message);
    }

    [Fact]
    public void DescribesItselfAndHasNoParameters()
    {
        var layer = new Act("sigmoid");
        Assert.Equal("Act(sigmoid)", layer.ToString());
        Assert.Empty(layer.Parameters());
    }
}
