using Activa.Nn;
using static Activa.Tests.Nn.NnReference;
using static Activa.Tests.Ops.Reference;

namespace Activa.Tests.Nn;

/// <summary>Sequential: composition in order, PyTorch naming ("0", "1", ...), gradients through the chain.</summary>
public class SequentialTests
{
    private static double[] MlpReference(double[][] d, int inF, int hidden, int outF)
    {
        var h = NnReference.Linear(d[0], d[1], d[2], inF, hidden).Select(Math.Tanh).ToArray();
        return NnReference.Linear(h, d[3], d[4], hidden, outF);
    }

    [Fact]
    public void ForwardIsTheCompositionInOrder()
    {
        var g = new Generator(200);
        var model = new Sequential(new Linear(3, 5, generator: g), new Act("tanh"), new Linear(5, 2, generator: g));
        var x = Uniform(g, -1, 1, 6, 3);
        var ps = model.Parameters().Select(D).ToArray();
        var expected = MlpReference([D(x), .. ps], 3, 5, 2);
        AssertClose(expected, model.Forward(x), rtol: 1e-5, atol: 1e-6);
        AssertShape([6, 2], model.Forward(x));
    }

    [Fact]
    public void OrderMatters()
    {
        // relu then affine differs from affine then relu: the chain must not reorder
        var lin = new Linear(1, 1, generator: new Generator(1));
        using (Tensor.NoGrad())
        {
            lin.Weight.Fill(1f);
            lin.Bias!.Fill(-1f);
        }
        var x = Tensor.FromArray([-2f, 0.5f, 3f], 3, 1);
        Assert.Equal([0f, 0f, 2f], new Sequential(lin, new Act("relu")).Forward(x).ToArray());
        Assert.Equal([-1f, -0.5f, 2f], new Sequential(new Act("relu"), lin).Forward(x).ToArray());
    }

    [Fact]
    public void GradientsOfEveryLayer()
    {
        var g = new Generator(201);
        var model = new Sequential(new Linear(3, 4, generator: g), new Act("tanh"), new Linear(4, 2, generator: g));
        ModuleGradCheck.Check(model, Uniform(g, -1, 1, 5, 3), d => MlpReference(d, 3, 4, 2));
    }

    [Fact]
    public void LayersAreNamedByPositionAndAddAppends()
    {
        var first = new Linear(2, 3, generator: new Generator(1));
        var model = new Sequential(first, new Act("relu"));
        var third = new Linear(3, 1, generator: new Generator(2));
        Assert.Same(model, model.Add(third));
        Assert.Equal(["0", "1", "2"], model.NamedChildren().Select(c => c.Name));
        Assert.Equal(new Module[] { first, model.Layers[1], third }, model.Layers);
        Assert.Equal(["0.weight", "0.bias", "2.weight", "2.bias"], model.NamedParameters().Select(p => p.Name));
        Assert.Equal(2 * 3 + 3 + 3 + 1, model.ParameterCount);
        Assert.Equal(
            "Sequential()\n  (0): Linear(in=2, out=3, bias=True)\n  (1): Act(relu)\n  (2): Linear(in=3, out=1, bias=True)",
            model.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void EmptyChainIsIdentity()
    {
        var x = Tensor.FromArray([1f, 2f, 3f], 3);
        var model = new Sequential();
        Assert.Equal(x.ToArray(), model.Forward(x).ToArray());
        Assert.Empty(model.Parameters());
    }

    [Fact]
    public void ShapeErrorsInsideTheChainPropagate()
    {
        var model = new Sequential(new Linear(3, 4, generator: new Generator(1)), new Linear(5, 1, generator: new Generator(2)));
        Assert.Throws<ShapeMismatchException>(() => model.Forward(Tensor.Zeros(2, 3)));
    }
}
