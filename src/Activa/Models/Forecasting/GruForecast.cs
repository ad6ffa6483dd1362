using Activa.Nn;

namespace Activa.Models.Forecasting;

/// <summary>
/// The recurrent baseline: a GRU (Cho et al., EMNLP 2014; <see cref="Gru"/>) of <see cref="ForecastModelOptions.Hidden"/>
/// units runs over the L steps of each channel's series, and a linear head maps its last hidden state to the H
/// forecasts (the RNN baseline of the PGN paper's comparisons).
/// </summary>
public sealed class GruForecast : ForecastModel
{
    /// <summary>The recurrent layer (1 input feature per step).</summary>
    public Gru Gru { get; }
    /// <summary>Dropout on the last hidden state.</summary>
    public Dropout Dropout { get; }
    /// <summary>The head hidden → H.</summary>
    public Linear Head { get; }

    /// <summary>Creates the model.</summary>
    public GruForecast(ForecastModelOptions options, Generator generator) : base(options)
    {
        Gru = RegisterModule("gru", new Gru(1, options.Hidden, generator));
        Dropout = RegisterModule("dropout", new Dropout(options.Dropout, generator));
        Head = RegisterModule("head", new Linear(options.Hidden, H, generator: generator));
    }

    /// <inheritdoc/>
    protected override Tensor Forecast(Tensor input)
    {
        var x = ToSeries(input);
        var states = Gru.Forward(x.Reshape(x.Size(0), L, 1));     // [B·C, L, hidden]
        return FromSeries(Head.Forward(Dropout.Forward(states.Select(1, L - 1))));
    }
}
