namespace Activa.Data.Forecasting;

/// <summary>How a series is cut into training, validation and test rows (see <see cref="ForecastSplits.Create"/>).</summary>
public enum SplitProtocol
{
    /// <summary>
    /// The Time-Series-Library protocol: ETT hourly (a name starting "ETTh") 12/4/4 months of 30 days × 24 steps,
    /// ETT 15-minute ("ETTm") the same in quarter hours, every other series 7:1:2.
    /// </summary>
    Tsl,

    /// <summary>The TPGN protocol: 6:2:2 for every series.</summary>
    Tpgn,
}
