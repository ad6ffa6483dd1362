using Activa.Autograd;
using Activa.Models.Forecasting;
using Activa.Tests.Nn;
using static Activa.Tests.Ops.Reference;

namespace Activa.Tests.Forecasting;

/// <summary>
/// The forecasting models end to end: creation by name, option checks, output shapes, channel independence,
/// DLinear's decomposition, and gradient checks of every model (inputs and all parameters) on tiny configurations.
/// </summary>
public class ModelsTests
{
    private static ForecastModelOptions Tiny(int l = 8, int h = 5, int c = 2) => new()
    {
        InputLength = l, Horizon = h, Channels = c, DModel = 3, Hidden = 3, Period = 4, MovingAverage = 3, Blocks = 1,
    };

    public static TheoryData<string> AllNames() => [.. ForecastModel.Names];

    [Theory]
    [MemberData(nameof(AllNames))]
    public void OutputsHaveShapeBatchHorizonChannels(string name)
    {
        var g = new Generator(1500);
        foreach (var o in new[]
        {
            new ForecastModelOptions { InputLength = 24, Horizon = 10, Channels = 3, Period = 6, DModel = 4, Hidden = 5, MovingAverage = 5 },
            new ForecastModelOptions { InputLength = 13, Horizon = 7, Channels = 1, Period = 4, PatchLength = 5, DModel = 4, Hidden = 5, RevIn = true },
            new ForecastModelOptions { InputLength = 5, Horizon = 9, Channels = 2, Period = 8, DModel = 2, Hidden = 2, Individual = true, RevIn = true, RevInAffine = true },
        })
        {
            var model = ForecastModel.Create(name, o, seed: 1);
            Assert.Equal(name, model.Name);
            Assert.Same(o, model.Options);
            var y = model.Forward(Uniform(g, -1, 1, 4, o.InputLength, o.Channels));
            AssertShape([4, o.Horizon, o.Channels], y);
            Assert.True(y.IsContiguous);
            Assert.All(y.ToArray(), v => Assert.True(float.IsFinite(v)));
        }
    }

    [Fact]
    public void CreateIsCaseInsensitiveSeededAndRejectsUnknownNames()
    {
        var o = Tiny();
        var x = Uniform(new Generator(1501), -1, 1, 2, 8, 2);
        var a = ForecastModel.Create(" TPGN ", o, 7).Forward(x).ToArray();
        Assert.Equal(a, ForecastModel.Create("tpgn", o, 7).Forward(x).ToArray());
        Assert.NotEqual(a, ForecastModel.Create("tpgn", o, 8).Forward(x).ToArray());
        var e = Assert.Throws<ArgumentException>(() => ForecastModel.Create("lstm", o, 0));
        Assert.Contains("lstm", e.Message);
        foreach (var n in ForecastModel.Names) Assert.Contains(n, e.Message);
    }

    [Theory]
    [InlineData("InputLength", 0)]
    [InlineData("Horizon", 0)]
    [InlineData("Channels", 0)]
    [InlineData("DModel", 0)]
    [InlineData("Period", 0)]
    [InlineData("PatchLength", 0)]
    [InlineData("Hidden", -1)]
    [InlineData("MovingAverage", 0)]
    [InlineData("Blocks", 0)]
    public void BadOptionsNameTheOption(string option, int value)
    {
        var o = option switch
        {
            "InputLength" => Tiny() with { InputLength = value },
            "Horizon" => Tiny() with { Horizon = value },
            "Channels" => Tiny() with { Channels = value },
            "DModel" => Tiny() with { DModel = value },
            "Period" => Tiny() with { Period = value },
            "PatchLength" => Tiny() with { PatchLength = value },
            "Hidden" => Tiny() with { Hidden = value },
            "MovingAverage" => Tiny() with { MovingAverage = value },
            _ => Tiny() with { Blocks = value },
        };
        var e = Assert.Throws<ArgumentException>(() => ForecastModel.Create("linear", o, 0));
        Assert.Contains(option, e.Message);
        Assert.Contains(value.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Message);
    }

    [Fact]
    public void BadDropoutActivationAndInputShapeAreClearErrors()
    {
        Assert.Contains("Dropout", Assert.Throws<ArgumentException>(() => ForecastModel.Create("gru", Tiny() with { Dropout = 1f }, 0)).Message);
        Assert.Contains("Activation", Assert.Throws<ArgumentException>(() => ForecastModel.Create("tsmixer", Tiny() with { Activation = "rleu" }, 0)).Message);
        var model = ForecastModel.Create("pgn", Tiny(), 0);
        var e = Assert.Throws<ShapeMismatchException>(() => model.Forward(Tensor.Zeros(2, 9, 2)));
        Assert.Contains("InputLength", e.Message);
        Assert.Throws<ShapeMismatchException>(() => model.Forward(Tensor.Zeros(2, 8, 3)));
        Assert.Throws<ShapeMismatchException>(() => model.Forward(Tensor.Zeros(8, 2)));
    }

    [Theory]
    [InlineData("linear")]
    [InlineData("dlinear")]
    [InlineData("gru")]
    [InlineData("pgn")]
    [InlineData("tpgn")]
    public void ChannelIndependentModelsForecastEachChannelAlone(string name)
    {
        var o = Tiny(l: 12, h: 6, c: 3) with { RevIn = true };
        var multi = ForecastModel.Create(name, o, 3);
        var single = ForecastModel.Create(name, o with { Channels = 1 }, 3);
        var x = Uniform(new Generator(1502), -2, 2, 2, 12, 3);
        var y = multi.Forward(x);
        for (int c = 0; c < 3; c++)
        {
            var one = single.Forward(x.Narrow(2, c, 1).Contiguous());
            AssertClose(Values(one), y.Narrow(2, c, 1).Contiguous(), rtol: 1e-5, atol: 1e-6, what: $"channel {c}");
        }
    }

    [Fact]
    public void TsMixerMixesChannels()
    {
        var model = ForecastModel.Create("tsmixer", Tiny(c: 2), 4);
        var x = Uniform(new Generator(1503), -1, 1, 1, 8, 2);
        var before = model.Forward(x).Narrow(2, 0, 1).Contiguous().ToArray();
        var changed = x.Clone();
        changed[0, 3, 1] += 1f;
        Assert.NotEqual(before, model.Forward(changed).Narrow(2, 0, 1).Contiguous().ToArray());
    }

    [Fact]
    public void DLinearDecompositionSumsBackToTheInput()
    {
        var model = (DLinear)ForecastModel.Create("dlinear", new ForecastModelOptions { InputLength = 30, Horizon = 4 }, 5);
        var x = Uniform(new Generator(1504), -3, 3, 4, 30);
        var (seasonal, trend) = model.Decompose(x);
        AssertClose(Values(x), seasonal.Add(trend), rtol: 1e-6, atol: 1e-6);
        AssertClose(ModelsReference.MovingAverage(Values(x), 30, 25), trend, rtol: 1e-5, atol: 1e-6);
        // a constant series is all trend
        var (s2, t2) = model.Decompose(Tensor.Full([1, 30], 2.5f));
        AssertClose(new double[30], s2, rtol: 0, atol: 1e-6);
        AssertClose(Enumerable.Repeat(2.5, 30).ToArray(), t2, rtol: 1e-6);
    }

    public static TheoryData<string, bool> GradCases() => new()
    {
        { "linear", false }, { "dlinear", false }, { "dlinear", true }, { "gru", false }, { "pgn", false },
        { "tpgn", false }, { "tsmixer", false },
    };

    [Theory]
    [MemberData(nameof(GradCases))]
    public void GradientsMatchFiniteDifferences(string name, bool individual)
    {
        // L = 7 with P = 4: TPGN pads a step and uses two rows; patch 3 gives three short-term patches
        var o = Tiny(l: 7, h: 5, c: 2) with { Individual = individual, PatchLength = name == "tpgn" ? 3 : null, Activation = "tanh", GatedAttention = true };
        var model = ForecastModel.Create(name, o, 11);
        var x = Uniform(new Generator(1505), -1, 1, 2, 7, 2);
        ModuleGradCheck.Check(model, [x], xs => model.Forward(xs[0]));
    }

    [Theory]
    [InlineData("pgn")]
    [InlineData("tpgn")]
    public void GradientsWithRevInAffineMatchFiniteDifferences(string name)
    {
        // RevIn's statistics are constants for the gradient, so only the parameters are compared
        var model = ForecastModel.Create(name, Tiny() with { RevIn = true, RevInAffine = true }, 12);
        var x = Uniform(new Generator(1506), -1, 1, 2, 8, 2);
        ModuleGradCheck.Check(model, [x], xs => model.Forward(xs[0]), checkInputs: false);
    }
}
