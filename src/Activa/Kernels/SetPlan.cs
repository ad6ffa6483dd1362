namespace Activa.Kernels;

/// <summary>How the elements of an [N, C, rest...] tensor map to parameter sets, and how the work is cut into items.</summary>
/// <remarks>
/// Element i has channel (i / rest) % C and set channel / (C / G). Three layouts: <see cref="SetLayout.Single"/> (one
/// set: the array is cut into fixed runs, constants broadcast); <see cref="SetLayout.Runs"/> (each run of rest·C/G ≥
/// <see cref="MinRun"/> consecutive elements shares one set); <see cref="SetLayout.Expanded"/> (short runs, e.g.
/// per-feature parameters of [N, C]: constants expanded to one value per position of the period C·rest, widened to a
/// multiple of 16 when short; the array is read as rows of that period cut into tiles of at most
/// <see cref="MaxColumns"/> positions, aligned to set boundaries, by at least <see cref="MinTileRows"/> rows). Items
/// depend on the shape alone, never on the thread count.
/// </remarks>
internal sealed class SetPlan
{
    /// <summary>Runs at least this long use broadcast constants; shorter ones use the expanded period.</summary>
    public const int MinRun = 64;
    /// <summary>Elements per work item (and per run when the whole layer shares one set).</summary>
    public const int Chunk = 1 << 15;
    private const int MaxColumns = 2048;
    private const int MinTileRows = 64;

    public int N, Groups;
    public SetLayout Layout;
    public int Run, RunCount, RunsPerItem;      // Single / Runs
    // Expanded: rows of Block positions (the last may be partial), cut into tiles of RowsPerTile rows × ColLen positions.
    public int Block, BlockCount, ColLen, ColTiles, RowsPerTile, RowTiles;
    public int[] BlockSet = [];                  // parameter set of each position
    public int[] LocalSet = [];                  // set of each position relative to its column tile's first set
    public int[] TileSetLo = [], TileSetCount = [], TileSetOffset = [];
    public int TileSetTotal;                     // Σ TileSetCount: partial sums per row tile
    public int Items;

    public int SetOfRun(int r) => Layout == SetLayout.Single ? 0 : r % Groups;

    /// <summary>The plan for <paramref name="n"/> elements of <paramref name="shape"/> ([N, C, ...]) with <paramref name="groups"/> sets.</summary>
    public static SetPlan Make(int n, int channels, int groups, ReadOnlySpan<int> shape)
    {
        int rest = 1;
        for (int d = 2; d < shape.Length; d++) rest *= shape[d];
        var p = new SetPlan { N = n, Groups = groups };
        long run = (long)rest * (channels / groups);
        if (groups == 1 || n == 0)
        {
            p.Layout = SetLayout.Single;
            p.Run = Chunk;
            p.RunCount = (n + Chunk - 1) / Chunk;
            p.RunsPerItem = 1;
        }
        else if (run >= MinRun)
        {
            p.Layout = SetLayout.Runs;
            p.Run = (int)run;
            p.RunCount = n / p.Run;
            p.RunsPerItem = Math.Max(1, Chunk / p.Run);
        }
        else
        {
            p.Expanded(channels, groups, rest, (int)run);
            return p;
        }
        p.Items = (p.RunCount + p.RunsPerItem - 1) / p.RunsPerItem;
        return p;
    }

    private void Expanded(int channels, int groups, int rest, int run)
    {
        Layout = SetLayout.Expanded;
        int period = channels * rest;
        bool widened = period % 16 != 0 && period < 256;
        Block = widened ? period / Gcd(period, 16) * 16 : period;
        BlockCount = (N + Block - 1) / Block;
        BlockSet = new int[Block];
        int perSet = channels / groups;
        for (int j = 0; j < Block; j++) BlockSet[j] = j % period / rest / perSet;
        // Long periods (many sets) are cut into column tiles aligned to set boundaries, so that a tile's partial
        // sums cover only its own sets; a widened block repeats its sets and stays whole.
        int unit = run / Gcd(run, 16) * 16;
        ColLen = widened || Block <= MaxColumns ? Block : Math.Max(unit, MaxColumns / unit * unit);
        ColTiles = (Block + ColLen - 1) / ColLen;
        RowsPerTile = Math.Max(MinTileRows, Chunk / ColLen);
        RowTiles = (BlockCount + RowsPerTile - 1) / RowsPerTile;
        Items = RowTiles * ColTiles;
        TileSetLo = new int[ColTiles];
        TileSetCount = new int[ColTiles];
        TileSetOffset = new int[ColTiles];
        LocalSet = new int[Block];
        for (int t = 0; t < ColTiles; t++)
        {
            int c0 = t * ColLen, c1 = Math.Min(Block, c0 + ColLen);
            int lo = widened ? 0 : BlockSet[c0], hi = widened ? groups - 1 : BlockSet[c1 - 1];
            TileSetLo[t] = lo;
            TileSetCount[t] = hi - lo + 1;
            TileSetOffset[t] = TileSetTotal;
            TileSetTotal += hi - lo + 1;
            for (int j = c0; j < c1; j++) LocalSet[j] = BlockSet[j] - lo;
        }
    }

    private static int Gcd(int a, int b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }
}

/// <summary>The three layouts of a <see cref="SetPlan"/>.</summary>
internal enum SetLayout { Single, Runs, Expanded }
