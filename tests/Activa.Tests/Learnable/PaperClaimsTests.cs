using Activa.Activations.Learnable;
using Activa.Losses;
using Activa.Nn;
using Activa.Optim;
using Xunit.Abstractions;

namespace Activa.Tests.Learnable;

/// <summary>Small-scale versions of the orderings the learnable-activation papers claim.</summary>
[Collection("GlobalSettings")]
public class PaperClaimsTests(ITestOutputHelper output)
{
    private static float Target(float x) => MathF.Sin(x) + 0.3f * MathF.Sin(3 * x);

    private static Tensor Column(IEnumerable<float> xs) { var a = xs.ToArray(); return Tensor.FromArray(a, a.Length, 1); }

    /// <summary>Full-batch Adam on (x, y); returns the trained model.</summary>
    private static Module Fit(Module model, Tensor x, Tensor y, int steps, float lr)
    {
        var opt = new Adam(model.Parameters(), lr);
        for (int i = 0; i < steps; i++)
        {
            opt.ZeroGrad();
            Loss.Mse(model.Forward(x), y).Backward();
            opt.Step();
        }
        return model;
    }

    private static double Mse(Module model, Tensor x, Tensor y)
    {
        using var _ = Tensor.NoGrad();
        return Loss.Mse(model.Forward(x), y).Item();
    }

    private static Module Mlp(Func<int, Module> act, Generator g, int width = 64) =>
        new Sequential(new Linear(1, width, generator: g), act(width), new Linear(width, width, generator: g), act(width), new Linear(width, 1, generator: g));

    [Fact]
    public void SnakeExtrapolatesAPeriodicSignalWhereReluAndTanhDoNot()
    {
        var train = Enumerable.Range(0, 400).Select(i => -10f + 20f * i / 399).ToArray();
        var test = Enumerable.Range(0, 400).Select(i => 10f + 20f * i / 399).ToArray();
        Tensor xTrain = Column(train), yTrain = Column(train.Select(Target)), xTest = Column(test), yTest = Column(test.Select(Target));
        double TestMse(Func<int, Module> act) => Mse(Fit(Mlp(act, new Generator(7)), xTrain, yTrain, 3000, 5e-3f), xTest, yTest);
        double snake = TestMse(c => new Snake(c, a: 1f, sharing: ParameterSharing.Channel));
        double relu = TestMse(_ => new Act("relu"));
        double tanh = TestMse(_ => new Act("tanh"));
        output.WriteLine($"test MSE on [10, 30]: snake {snake:G3}, relu {relu:G3}, tanh {tanh:G3}");
        Assert.True(snake * 10 <= Math.Min(relu, tanh), $"test MSE on [10, 30]: snake {snake:G3}, relu {relu:G3}, tanh {tanh:G3}");
    }

    [Fact]
    public void PauReachesAtLeastRelusAccuracyWithTheSameMlp()
    {
        // the Fashion-MNIST claim at small scale: the embedded digits, the leaderboard's default MLP, 3 seeds
        var (train, test) = global::Activa.Data.Digits.Load();
        var rows = global::Activa.Training.Leaderboard.Summarise(global::Activa.Training.Leaderboard.Run(new global::Activa.Training.LeaderboardOptions
        {
            Activations = ["relu", "pau"], Hidden = [128, 128], Seeds = 3,
            Train = new global::Activa.Training.TrainOptions { Epochs = 10, BatchSize = 64, ValidationFraction = 0 },
        }, train, test));
        double pau = rows.Single(r => r.Activation == "pau").MeanAccuracy, relu = rows.Single(r => r.Activation == "relu").MeanAccuracy;
        output.WriteLine($"mean test accuracy: pau {pau:P2}, relu {relu:P2}");
        Assert.True(pau >= relu, $"mean test accuracy: pau {pau:P2}, relu {relu:P2}");
    }

    [Fact]
    public void SirenFitsHighFrequenciesToAHigherPsnrThanRelu()
    {
        // a 1-D signal with high-frequency content on [-1, 1]
        static float Signal(float x) => MathF.Sin(20 * x) + 0.5f * MathF.Sin(47 * x) + 0.3f * MathF.Cos(9 * x);
        var xs = Enumerable.Range(0, 512).Select(i => -1f + 2f * i / 511).ToArray();
        Tensor x = Column(xs), y = Column(xs.Select(Signal));
        double Psnr(Module m)
        {
            double peak = xs.Select(Signal).Max(v => Math.Abs(v));
            return 10 * Math.Log10(peak * peak / Mse(Fit(m, x, y, 800, 1e-3f), x, y));
        }
        var g = new Generator(3);
        var first = new Linear(1, 64, generator: g);
        var hidden = new Linear(64, 64, generator: g);
        Siren.InitLinear(first, first: true, omega0: 30f, g);
        Siren.InitLinear(hidden, first: false, omega0: 30f, g);
        var siren = new Sequential(first, new Siren(64), hidden, new Siren(64), new Linear(64, 1, generator: g));
        double sirenPsnr = Psnr(siren), reluPsnr = Psnr(Mlp(_ => new Act("relu"), new Generator(3)));
        output.WriteLine($"PSNR: siren {sirenPsnr:F1} dB, relu {reluPsnr:F1} dB");
        Assert.True(sirenPsnr >= reluPsnr + 10, $"PSNR: siren {sirenPsnr:F1} dB, relu {reluPsnr:F1} dB");
    }
}
