using Activa.Nn;

namespace Activa.Models.Forecasting;

/// <summary>
/// TPGN, the temporal PGN forecaster (Jia et al., "PGN: The RNN's New Successor is Effective for Long-Range Time
/// Series Forecasting", NeurIPS 2024). Each channel's series is laid out as a grid of R = ⌈L/P⌉ rows (periods) × P
/// columns (phases), P = <see cref="ForecastModelOptions.Period"/>, and two branches read it:
/// <list type="bullet">
/// <item>long-term: for every phase, a <see cref="PgnLayer"/> (1 → d, d = <see cref="ForecastModelOptions.DModel"/>)
/// runs down the R rows (HIE over all previous periods, gated fusion); a linear over all R rows (R·d → d) aggregates
/// them, giving d features per phase;</item>
/// <item>short-term: each patch (by default a row, P values) is mapped to d features (fc_row, P → d), and a linear over
/// all patches (fc_col, patches·d → d) gives d features, broadcast to every phase;</item>
/// <item>head: per phase, the concatenated 2d features map to R_out = ⌈H/P⌉ values (a linear 2d → R_out, shared by the
/// phases), read out period by period (output step r·P + p comes from phase p, row r); the first H are the forecast.</item>
/// </list>
/// Everything is channel-independent with shared weights. The PGN runs over R ≈ L/P rows, in parallel over the P
/// phases (with P ≈ √L, the paper's O(√L)), instead of over all L steps.
/// </summary>
/// <remarks>
/// Choices where the specification (the paper and its code as summarised in this project's digest) leaves room:
/// <list type="bullet">
/// <item>L not a multiple of P: the series is padded at the front to R·P steps by repeating its first value (the
/// paper's setting has L = R·P); likewise for the short-term patches.</item>
/// <item>The time-feature marks of the paper's code (hour, weekday, … concatenated to each value) are not used: the
/// model sees only the values, so the PGN's input has 1 feature.</item>
/// <item>fc_col is read as one linear over the flattened patches × d features, and the two short-term linear maps
/// have no activation between them (none is specified).</item>
/// <item>Dropout (off by default, as the paper's TPGN uses none) applies to the concatenated features before the head.</item>
/// </list>
/// </remarks>
public sealed class Tpgn : ForecastModel
{
    /// <summary>Rows R = ⌈L/P⌉ of the grid (periods in the input).</summary>
    public int Rows { get; }
    /// <summary>Patches of the short-term branch: ⌈L/patch⌉.</summary>
    public int Patches { get; }
    /// <summary>Rows of the output grid: ⌈H/P⌉.</summary>
    public int OutputRows { get; }
    /// <summary>The long-term branch's PGN along the rows.</summary>
    public PgnLayer LongTerm { get; }
    /// <summary>The long-term aggregation over the rows: R·d → d.</summary>
    public Linear LongAggregate { get; }
    /// <summary>The short-term patch embedding fc_row: patch → d.</summary>
    public Linear PatchEmbedding { get; }
    /// <summary>The short-term mixing over patches fc_col: patches·d → d.</summary>
    public Linear PatchMixing { get; }
    /// <summary>Dropout before the head.</summary>
    public Dropout Dropout { get; }
    /// <summary>The head: 2d → ⌈H/P⌉ per phase.</summary>
    public Linear Head { get; }

    private int P => Options.Period;
    private int Patch => Options.EffectivePatchLength;
    private int D => Options.DModel;

    /// <summary>Creates the model.</summary>
    public Tpgn(ForecastModelOptions options, Generator generator) : base(options)
    {
        Rows = (L + P - 1) / P;
        Patches = (L + Patch - 1) / Patch;
        OutputRows = (H + P - 1) / P;
        LongTerm = RegisterModule("long_pgn", new PgnLayer(1, D, Rows, generator));
        LongAggregate = RegisterModule("long_aggregate", new Linear(Rows * D, D, generator: generator));
        PatchEmbedding = RegisterModule("short_row", new Linear(Patch, D, generator: generator));
        PatchMixing = RegisterModule("short_col", new Linear(Patches * D, D, generator: generator));
        Dropout = RegisterModule("dropout", new Dropout(options.Dropout, generator));
        Head = RegisterModule("head", new Linear(2 * D, OutputRows, generator: generator));
    }

    /// <summary>Pads series [N, L] at the front to <paramref name="length"/> steps by repeating the first value.</summary>
    private static Tensor PadFront(Tensor x, int length)
    {
        int pad = length - x.Size(1);
        return pad == 0 ? x : Tensor.Concat([x.Narrow(1, 0, 1).Expand(x.Size(0), pad), x], 1);
    }

    /// <inheritdoc/>
    protected override Tensor Forecast(Tensor input)
    {
        var x = ToSeries(input);                                             // [N, L]
        int n = x.Size(0);
        var grid = PadFront(x, Rows * P).Reshape(n, Rows, P);                // [N, R, P]: row = period, column = phase

        // long-term: a PGN down the rows of every phase, then a linear over all rows
        var columns = grid.Transpose(1, 2).Reshape(n * P, Rows, 1);          // [N·P, R, 1]
        var longH = LongTerm.Forward(columns);                               // [N·P, R, d]
        var longF = LongAggregate.Forward(longH.Reshape(n * P, Rows * D)).Reshape(n, P, D);

        // short-term: embed each patch, mix over the patches, broadcast to the phases
        var patches = Patch == P ? grid : PadFront(x, Patches * Patch).Reshape(n, Patches, Patch);
        var shortF = PatchMixing.Forward(PatchEmbedding.Forward(patches).Reshape(n, Patches * D));  // [N, d]
        var both = Tensor.Concat([longF, shortF.Unsqueeze(1).Expand(n, P, D)], 2);                // [N, P, 2d]

        var y = Head.Forward(Dropout.Forward(both));                         // [N, P, R_out]
        var steps = y.Transpose(1, 2).Reshape(n, OutputRows * P);            // step r·P + p ← (phase p, row r)
        return FromSeries(OutputRows * P == H ? steps : steps.Narrow(1, 0, H));
    }

    /// <inheritdoc/>
    public override string ExtraRepr() => base.ExtraRepr() + $", P={P}, R={Rows}, patch={Patch}, d={D}";
}
