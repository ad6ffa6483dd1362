using System.Diagnostics;
using Activa.Losses;
using Activa.Nn;
using Activa.Optim;

namespace Activa.Tests.Nn;

/// <summary>
/// End to end: small seeded MLPs built from the layers, trained with the losses and optimizers, learn tasks
/// no linear model can (XOR, two interleaved spirals) within a few seconds.
/// </summary>
public class TrainingTests
{
    private static double Accuracy(Module model, Tensor x, int[] labels)
    {
        model.Eval();
        IntTensor predicted;
        using (Tensor.NoGrad()) predicted = model.Forward(x).ArgMax(1);
        model.Train();
        return labels.Where((l, i) => predicted[i] == l).Count() / (double)labels.Length;
    }

    [Fact]
    public void MlpLearnsXor()
    {
        var x = Tensor.FromArray([0f, 0f, 0f, 1f, 1f, 0f, 1f, 1f], 4, 2);
        int[] labels = [0, 1, 1, 0];
        var g = new Generator(2400);
        var model = new Sequential(new Linear(2, 8, generator: g), new Act("tanh"), new Linear(8, 2, generator: g));
        var opt = new Adam(model.Parameters(), lr: 0.05f);
        Assert.True(Accuracy(model, x, labels) < 1.0); // not solved by the initialisation
        float loss = float.NaN;
        for (int step = 0; step < 300; step++)
        {
            opt.ZeroGrad();
            var l = Loss.CrossEntropy(model.Forward(x), labels);
            l.Backward();
            opt.Step();
            loss = l.Item();
        }
        Assert.Equal(1.0, Accuracy(model, x, labels));
        Assert.True(loss < 0.05, $"final loss {loss}");
    }

    private static (Tensor X, int[] Labels) Spirals(int n, Generator gen)
    {
        var x = new float[n * 2];
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            int cls = i % 2;
            double t = 0.25 + 3.5 * Math.PI * gen.NextDouble();
            double r = t / (3.75 * Math.PI);
            double angle = t + cls * Math.PI;
            x[2 * i] = (float)(r * Math.Cos(angle) + 0.02 * gen.NextNormal());
            x[2 * i + 1] = (float)(r * Math.Sin(angle) + 0.02 * gen.NextNormal());
            labels[i] = cls;
        }
        return (Tensor.FromArray(x, n, 2), labels);
    }

    [Fact]
    public void MlpLearnsTwoSpirals()
    {
        var gen = new Generator(2401);
        var (x, labels) = Spirals(500, gen);
        var model = new Sequential(
            new Linear(2, 64, generator: gen), new Act("relu"),
            new Linear(64, 64, generator: gen), new Act("relu"),
            new Linear(64, 2, generator: gen));
        Assert.True(Accuracy(model, x, labels) < 0.7);
        var opt = new Adam(model.Parameters(), lr: 0.02f);
        var clock = Stopwatch.StartNew();
        for (int epoch = 0; epoch < 250; epoch++)
        {
            opt.ZeroGrad();
            Loss.CrossEntropy(model.Forward(x), labels).Backward();
            opt.Step();
        }
        double accuracy = Accuracy(model, x, labels);
        Assert.True(accuracy >= 0.95, $"train accuracy {accuracy:P1} after {clock.Elapsed.TotalSeconds:F1} s");
    }
}
