using Activa.Autograd;
using Activa.Kan;
using Activa.Tests.Nn;

namespace Activa.Tests.Kan;

public class KanLayerTests
{
    [Fact]
    public void LayerGradientsWithRespectToInputsAndCoefficientsMatchFiniteDifferences()
    {
        var layer = new KanLayer(3, 2, new BSplineBasis(3, 4, 3, -1.5f, 1.5f), generator: new Generator(5));
        var x = Tensor.Uniform([4, 3], -1.4f, 1.4f, new Generator(6));
        ModuleGradCheck.Check(layer, x, options: new GradCheckOptions(Step: 1e-3, RelativeTolerance: 1e-2, AbsoluteTolerance: 1e-3));
    }

    [Fact]
    public void ForwardIsTheSumOfTheEdgeFunctionsPlusBias()
    {
        var layer = new KanLayer(3, 2, new BSplineBasis(3, 5, 3), generator: new Generator(7));
        using (Tensor.NoGrad()) layer.Bias!.CopyFrom(Tensor.FromArray([0.3f, -0.2f], 2));
        var x = Tensor.Uniform([5, 3], -1.2f, 1.2f, new Generator(8));
        var y = layer.Forward(x).ToArray();
        var xv = x.ToArray();
        for (int j = 0; j < 2; j++)
        {
            var sum = new double[5];
            for (int i = 0; i < 3; i++)
            {
                var edge = layer.EdgeFunction(i, j, [.. Enumerable.Range(0, 5).Select(r => xv[r * 3 + i])]);
                for (int r = 0; r < 5; r++) sum[r] += edge[r];
            }
            for (int r = 0; r < 5; r++) Assert.Equal(sum[r] + layer.Bias!.ToArray()[j], y[r * 2 + j], 1e-5);
        }
    }

    [Fact]
    public void GridExtensionKeepsTheFunction()
    {
        var layer = new KanLayer(2, 3, new BSplineBasis(2, 5, 3), generator: new Generator(9));
        var fine = layer.ExtendGrid(20);
        Assert.Equal(23, fine.Basis.Size);
        var x = Tensor.Uniform([100, 2], -1f, 1f, new Generator(10));
        var a = layer.Forward(x).ToArray();
        var b = fine.Forward(x).ToArray();
        for (int e = 0; e < a.Length; e++) Assert.Equal(a[e], b[e], 1e-4f);
    }

    [Fact]
    public void GridUpdateMovesTheGridToTheDataAndKeepsTheFunctionThere()
    {
        var layer = new KanLayer(2, 2, new BSplineBasis(2, 5, 3, -4f, 4f), generator: new Generator(11));
        var x = Tensor.Uniform([300, 2], -0.5f, 1.5f, new Generator(12));
        var before = layer.Forward(x).ToArray();
        layer.UpdateGrid(x);
        var (lo, hi) = ((BSplineBasis)layer.Basis).Range(0);
        Assert.InRange(lo, -0.6f, -0.45f);
        Assert.InRange(hi, 1.45f, 1.6f);
        var after = layer.Forward(x).ToArray();
        double err = 0, scale = 0;
        for (int e = 0; e < before.Length; e++) { err += Math.Pow(after[e] - before[e], 2); scale += before[e] * before[e]; }
        Assert.True(Math.Sqrt(err / scale) < 0.02, $"relative error after the grid update {Math.Sqrt(err / scale):G3}");
    }

    [Fact]
    public void SelectKeepsTheChosenEdgesExactly()
    {
        var layer = new KanLayer(4, 3, new BSplineBasis(4, 5, 3), generator: new Generator(13));
        var small = layer.Select([2, 0], [1]);
        Assert.Equal(2, small.InFeatures);
        float[] xs = [-0.7f, 0f, 0.4f];
        Assert.Equal(layer.EdgeFunction(2, 1, xs), small.EdgeFunction(0, 0, xs));
        Assert.Equal(layer.EdgeFunction(0, 1, xs), small.EdgeFunction(1, 0, xs));
    }

    [Fact]
    public void AKanLearnsASmoothFunctionOfTwoInputs()
    {
        var g = new Generator(14);
        var x = Tensor.Uniform([512, 2], -1f, 1f, g);
        var xv = x.ToArray();
        var y = Tensor.FromArray([.. Enumerable.Range(0, 512).Select(r => MathF.Sin(MathF.PI * xv[2 * r]) + xv[2 * r + 1] * xv[2 * r + 1])], 512, 1);
        var model = KanNetwork.Build(new Activa.Models.ModelConfig { Model = "kan", Inputs = 2, Hidden = [3], Outputs = 1, Basis = "bspline(grid=5)" }, g);
        var opt = new Activa.Optim.Adam(model.Parameters(), lr: 0.02f);
        float loss = 0;
        for (int step = 0; step < 400; step++)
        {
            opt.ZeroGrad();
            var l = Activa.Losses.Loss.Mse(model.Forward(x), y);
            l.Backward();
            opt.Step();
            loss = l.Item();
        }
        Assert.True(loss < 5e-3f, $"MSE after 400 steps: {loss}");
    }
}
