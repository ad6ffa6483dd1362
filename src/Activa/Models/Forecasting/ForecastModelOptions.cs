namespace Activa.Models.Forecasting;

/// <summary>Hyper-parameters of the forecasting models (<see cref="ForecastModel.Create"/>); each model reads the ones it uses.</summary>
public sealed record ForecastModelOptions
{
    /// <summary>Input length L (look-back window, steps).</summary>
    public int InputLength { get; init; } = 96;
    /// <summary>Horizon H (steps forecast).</summary>
    public int Horizon { get; init; } = 96;
    /// <summary>Channels C (variables of the series).</summary>
    public int Channels { get; init; } = 1;
    /// <summary>Hidden size of PGN and TPGN (the paper's d_model).</summary>
    public int DModel { get; init; } = 32;
    /// <summary>TPGN's period P: the series is laid out as R = ⌈L/P⌉ rows (periods) × P columns (phases).</summary>
    public int Period { get; init; } = 24;
    /// <summary>Patch length of TPGN's short-term branch; null means <see cref="Period"/> (one patch per row of the grid, as in the paper).</summary>
    public int? PatchLength { get; init; }
    /// <summary>Hidden size of the GRU, and width of TSMixer's feature-mixing MLP.</summary>
    public int Hidden { get; init; } = 64;
    /// <summary>DLinear's moving-average kernel (the paper: 25).</summary>
    public int MovingAverage { get; init; } = 25;
    /// <summary>Dropout probability on hidden features (TSMixer's MLPs; the features before the GRU, PGN and TPGN heads); linear and DLinear have none.</summary>
    public float Dropout { get; init; }
    /// <summary>Reversible instance normalisation of every input window (per window and channel), undone on the forecast (<see cref="Nn.RevIn"/>).</summary>
    public bool RevIn { get; init; }
    /// <summary>Learnable per-channel scale and shift inside RevIn (used only with <see cref="RevIn"/>).</summary>
    public bool RevInAffine { get; init; }
    /// <summary>DLinear: separate weights per channel instead of one shared pair of linear maps.</summary>
    public bool Individual { get; init; }
    /// <summary>Hidden activation of TSMixer's MLPs (the paper: ReLU); any activation name of the catalogue.</summary>
    public string Activation { get; init; } = "relu";
    /// <summary>TSMixer: number of mixer blocks (time mixing + feature mixing).</summary>
    public int Blocks { get; init; } = 2;
    /// <summary>TSMixer: gate each mixing MLP's output with the softmax gated attention x ⊙ softmax(xW + b) (PatchTSMixer's gate).</summary>
    public bool GatedAttention { get; init; }

    /// <summary>The short-term patch length TPGN uses: <see cref="PatchLength"/>, or <see cref="Period"/> when it is not set.</summary>
    public int EffectivePatchLength => PatchLength ?? Period;

    /// <summary>Checks every option; the message names the option and its value.</summary>
    /// <exception cref="ArgumentException">An option out of range.</exception>
    public void Validate()
    {
        static void AtLeast(string name, int value, int min)
        {
            if (value < min) throw new ArgumentException($"Forecast model option {name} must be at least {min}, got {value}.");
        }
        AtLeast(nameof(InputLength), InputLength, 1);
        AtLeast(nameof(Horizon), Horizon, 1);
        AtLeast(nameof(Channels), Channels, 1);
        AtLeast(nameof(DModel), DModel, 1);
        AtLeast(nameof(Period), Period, 1);
        if (PatchLength is { } p) AtLeast(nameof(PatchLength), p, 1);
        AtLeast(nameof(Hidden), Hidden, 1);
        AtLeast(nameof(MovingAverage), MovingAverage, 1);
        AtLeast(nameof(Blocks), Blocks, 1);
        if (!(Dropout >= 0f && Dropout < 1f))
            throw new ArgumentException($"Forecast model option Dropout must be in [0, 1), got {Dropout}.");
        if (string.IsNullOrWhiteSpace(Activation))
            throw new ArgumentException("Forecast model option Activation must name an activation, got an empty string.");
        try { Activations.Learnable.LearnableActivations.Validate(Activation); }
        catch (ArgumentException e) { throw new ArgumentException($"Forecast model option Activation '{Activation}': {e.Message}", e); }
    }
}
