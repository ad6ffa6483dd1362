namespace Activa.Data.Forecasting;

/// <summary>How <see cref="WindowDataset"/> turns windows into samples.</summary>
public enum ChannelMode
{
    /// <summary>A sample is a window with all C channels: inputs [B, L, C], targets [B, H, C].</summary>
    Multivariate,

    /// <summary>
    /// Every (window, channel) pair is its own sample with one channel: inputs [B, L, 1], targets [B, H, 1]; C times
    /// as many samples (the PatchTST / TPGN style of sharing one model across variables).
    /// </summary>
    ChannelIndependent,
}
