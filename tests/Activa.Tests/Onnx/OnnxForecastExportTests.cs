using Activa.Models.Forecasting;
using Activa.Onnx;

namespace Activa.Tests.Onnx;

/// <summary>Every forecasting model, with and without RevIn, exported and run in ONNX Runtime, gives Activa's forecasts within 1e-5.</summary>
public sealed class OnnxForecastExportTests
{
    private static void AssertExportMatches(string name, ForecastModelOptions options, int batch = 3)
    {
        var model = ForecastModel.Create(name, options, 21);
        OnnxCheck.Perturb(model, 22, 0.05f);
        var x = Tensor.Uniform([batch, options.InputLength, options.Channels], -2f, 2f, new Generator(23));
        float[] expected;
        using (Tensor.NoGrad()) expected = model.Forward(x).ToArray();
        var actual = OnnxCheck.Run(OnnxForecast.Model(model), OnnxForecast.OutputName, OnnxCheck.Float(OnnxForecast.InputName, x));
        OnnxCheck.Same(expected, actual);
    }

    private static ForecastModelOptions Small => new() { InputLength = 12, Horizon = 5, Channels = 3, DModel = 6, Hidden = 7, Period = 4, MovingAverage = 5 };

    [Theory]
    [InlineData("linear", false)]
    [InlineData("linear", true)]
    [InlineData("dlinear", false)]
    [InlineData("gru", false)]
    [InlineData("gru", true)]
    [InlineData("pgn", false)]
    [InlineData("pgn", true)]
    [InlineData("tpgn", false)]
    [InlineData("tsmixer", false)]
    [InlineData("tsmixer", true)]
    public void AnExportedForecasterComputesWhatActivaComputes(string name, bool revin) =>
        AssertExportMatches(name, Small with { RevIn = revin, RevInAffine = revin });

    [Fact]
    public void VariantsExport()
    {
        AssertExportMatches("dlinear", Small with { Individual = true, MovingAverage = 4, RevIn = true });
        AssertExportMatches("tpgn", Small with { InputLength = 11, Horizon = 7, Period = 3, PatchLength = 5 }, batch: 1);
        AssertExportMatches("tpgn", Small with { InputLength = 13, Horizon = 8, Period = 4 });
        AssertExportMatches("pgn", Small with { InputLength = 3, DModel = 5, Channels = 1 });   // the layer's composed path (T·in < in + d)
        AssertExportMatches("tsmixer", Small with { GatedAttention = true, Activation = "gelu", Blocks = 1 });
        AssertExportMatches("tsmixer", Small with { Activation = "pau", Blocks = 1, Channels = 1 });
    }
}
