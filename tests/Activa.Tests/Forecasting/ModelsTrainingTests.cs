using System.Diagnostics;
using Activa.Losses;
using Activa.Models.Forecasting;
using Activa.Optim;
using Xunit.Abstractions;

namespace Activa.Tests.Forecasting;

/// <summary>
/// Every forecasting model learns a clean sine of period 24 (L = 48, H = 24): at most 120 full-batch Adam steps
/// cut its mean squared error on held-out phases at least tenfold.
/// </summary>
public class ModelsTrainingTests(ITestOutputHelper output)
{
    private const int L = 48, H = 24;

    /// <summary>Windows of sin(2π(t + φᵢ)/24) with φᵢ = phase0 + i·step: inputs [n, L, 1] and targets [n, H, 1].</summary>
    private static (Tensor X, Tensor Y) Windows(int n, double phase0, double step)
    {
        var x = new float[n * L];
        var y = new float[n * H];
        for (int i = 0; i < n; i++)
        {
            double phi = phase0 + i * step;
            for (int t = 0; t < L; t++) x[i * L + t] = (float)Math.Sin(2 * Math.PI * (t + phi) / 24);
            for (int t = 0; t < H; t++) y[i * H + t] = (float)Math.Sin(2 * Math.PI * (L + t + phi) / 24);
        }
        return (Tensor.FromArray(x, n, L, 1), Tensor.FromArray(y, n, H, 1));
    }

    private static float Mse(ForecastModel model, Tensor x, Tensor y)
    {
        model.Eval();
        using var _ = Tensor.NoGrad();
        float mse = Loss.Mse(model.Forward(x), y).Item();
        model.Train();
        return mse;
    }

    [Theory]
    [InlineData("linear", 100, 0.01f)]
    [InlineData("dlinear", 100, 0.01f)]
    [InlineData("gru", 120, 0.01f)]
    [InlineData("pgn", 80, 0.005f)]
    [InlineData("tpgn", 80, 0.005f)]
    [InlineData("tsmixer", 100, 0.005f)]
    public void MseFallsTenfoldOnASine(string name, int steps, float lr)
    {
        var options = new ForecastModelOptions { InputLength = L, Horizon = H, Channels = 1, Period = 24 };
        var model = ForecastModel.Create(name, options, seed: 2026);
        var (x, y) = Windows(64, 0.0, 0.37);        // training phases
        var (vx, vy) = Windows(32, 0.19, 0.71);     // held-out phases
        float before = Mse(model, vx, vy);
        var opt = new Adam(model.Parameters(), lr: lr);
        var clock = Stopwatch.StartNew();
        for (int s = 0; s < steps; s++)
        {
            opt.ZeroGrad();
            Loss.Mse(model.Forward(x), y).Backward();
            opt.Step();
        }
        float after = Mse(model, vx, vy);
        output.WriteLine($"{name}: held-out MSE {before:G4} → {after:G4} ({before / after:F0}x) in {steps} steps, {clock.ElapsedMilliseconds} ms");
        Assert.True(after * 10 <= before, $"{name}: held-out MSE {before} → {after}, less than a tenfold fall");
    }
}
