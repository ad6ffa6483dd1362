using Activa.Nn;

namespace Activa.Models.Forecasting;

/// <summary>
/// Base of the long-range forecasting models: <see cref="Module.Forward"/> maps input windows [B, L, C] to forecasts
/// [B, H, C] (L = <see cref="ForecastModelOptions.InputLength"/>, H = <see cref="ForecastModelOptions.Horizon"/>,
/// C = <see cref="ForecastModelOptions.Channels"/>). With <see cref="ForecastModelOptions.RevIn"/> every window is
/// instance-normalised first and the forecast mapped back to the window's scale (<see cref="RevIn"/>).
/// </summary>
/// <remarks>
/// Models are channel-independent unless their paper mixes channels: linear, DLinear, GRU, PGN and TPGN see each
/// channel of each window as its own univariate series ([B, L, C] → [B·C, L]) with weights shared across channels;
/// TSMixer mixes channels.
/// </remarks>
public abstract class ForecastModel : Module
{
    /// <summary>Names accepted by <see cref="Create"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["linear", "dlinear", "gru", "pgn", "tpgn", "tsmixer"];

    /// <summary>The options the model was built with.</summary>
    public ForecastModelOptions Options { get; }

    /// <summary>The model's name (one of <see cref="Names"/>; empty for a model built by its constructor).</summary>
    public string Name { get; private set; } = "";

    /// <summary>The instance normalisation, or null when <see cref="ForecastModelOptions.RevIn"/> is off.</summary>
    public RevIn? Normalization { get; }

    /// <summary>Checks <paramref name="options"/> and creates the RevIn layer when asked for.</summary>
    /// <exception cref="ArgumentException">An option out of range.</exception>
    protected ForecastModel(ForecastModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        if (options.RevIn) Normalization = RegisterModule("revin", new RevIn(options.Channels, options.RevInAffine));
    }

    /// <summary>Input length L.</summary>
    protected int L => Options.InputLength;
    /// <summary>Horizon H.</summary>
    protected int H => Options.Horizon;
    /// <summary>Channels C.</summary>
    protected int C => Options.Channels;

    /// <summary>Checks the input's shape, applies RevIn around <see cref="Forecast"/>, and returns a dense [B, H, C].</summary>
    protected sealed override Tensor ForwardCore(Tensor input)
    {
        if (input.Rank != 3 || input.Size(1) != L || input.Size(2) != C)
            throw new ShapeMismatchException(GetType().Name, $"input must be [batch, {L}, {C}] (InputLength, Channels), got {Shape.Format(input.Shape)}");
        if (Normalization == null) return Forecast(input).Contiguous();
        var (x, stats) = Normalization.Normalize(input);
        return Normalization.Denormalize(Forecast(x), stats).Contiguous();
    }

    /// <summary>The model proper: [B, L, C] (normalised when RevIn is on) → [B, H, C].</summary>
    protected abstract Tensor Forecast(Tensor input);

    /// <summary>[B, L, C] → [B·C, L]: one univariate series per window and channel.</summary>
    protected static Tensor ToSeries(Tensor input)
    {
        int b = input.Size(0), l = input.Size(1), c = input.Size(2);
        return c == 1 ? input.Reshape(b, l) : input.Permute(0, 2, 1).Reshape(b * c, l);
    }

    /// <summary>[B·C, H] → [B, H, C], the inverse of <see cref="ToSeries"/> for the forecasts.</summary>
    protected Tensor FromSeries(Tensor series)
    {
        int h = series.Size(1), b = series.Size(0) / C;
        return C == 1 ? series.Reshape(b, h, 1) : series.Reshape(b, C, h).Permute(0, 2, 1);
    }

    /// <summary>Builds model <paramref name="name"/> (see <see cref="Names"/>; case-insensitive) with weights drawn from <paramref name="seed"/>.</summary>
    /// <exception cref="ArgumentException">An unknown name (the message lists the valid ones) or an option out of range.</exception>
    public static ForecastModel Create(string name, ForecastModelOptions options, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(name);
        var key = name.Trim().ToLowerInvariant();
        var g = new Generator(seed);
        ForecastModel model = key switch
        {
            "linear" => new LinearForecast(options, g),
            "dlinear" => new DLinear(options, g),
            "gru" => new GruForecast(options, g),
            "pgn" => new Pgn(options, g),
            "tpgn" => new Tpgn(options, g),
            "tsmixer" => new TsMixer(options, g),
            _ => throw new ArgumentException($"Unknown forecasting model '{name}'. Valid: {string.Join(", ", Names)}.", nameof(name)),
        };
        model.Name = key;
        return model;
    }

    /// <inheritdoc/>
    public override string ExtraRepr() => $"L={L}, H={H}, C={C}" + (Normalization != null ? ", revin" : "");
}
