namespace Activa.Data.Ctr.Features;

/// <summary>What to do with a malformed row (wrong field count, a non-numeric numeric field, an empty or invalid label).</summary>
public enum BadRowPolicy
{
    /// <summary>Throw a <see cref="DataFormatException"/> naming the file, line, column and reason.</summary>
    Stop,
    /// <summary>Leave the row out; <see cref="ReadSummary"/> counts such rows and keeps the first few reasons.</summary>
    Skip,
}

/// <summary>What one pass over a row source did: rows read, rows used, rows skipped and why (the first few).</summary>
public sealed class ReadSummary
{
    /// <summary>How many skip reasons are kept.</summary>
    public const int MaxReasons = 5;

    private readonly List<string> _reasons = [];

    /// <summary>Rows read from the source, malformed ones included.</summary>
    public long Rows { get; private set; }
    /// <summary>Rows left out as malformed (only under <see cref="BadRowPolicy.Skip"/>).</summary>
    public long Skipped { get; private set; }
    /// <summary>Rows encoded (or fitted on).</summary>
    public long Used => Rows - Skipped;
    /// <summary>The first <see cref="MaxReasons"/> reasons for skipping, each naming file and line.</summary>
    public IReadOnlyList<string> FirstReasons => _reasons;

    internal void Read() => Rows++;

    internal void Skip(string reason)
    {
        Skipped++;
        if (_reasons.Count < MaxReasons) _reasons.Add(reason);
    }

    /// <summary>One line: "1000 rows, 998 used, 2 malformed skipped (first: …)".</summary>
    public override string ToString() =>
        Skipped == 0 ? $"{Rows} rows, all used"
            : $"{Rows} rows, {Used} used, {Skipped} malformed skipped (first: {string.Join("; ", _reasons)})";
}
