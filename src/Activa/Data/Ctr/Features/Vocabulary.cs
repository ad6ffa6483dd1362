using System.Text;

namespace Activa.Data.Ctr.Features;

/// <summary>
/// Maps the values of a categorical (or multi-hot, or sequence) field to ids: 0 is padding, 1 the out-of-vocabulary id
/// (a value unseen in training or seen fewer than min-count times), known values 2, 3, … in order of decreasing
/// training count (ties by ordinal string order, so the ids do not depend on row order). With hashing, a value's id is
/// 2 + FNV-1a-64(UTF-8 bytes) mod N — the same in every process — and nothing is stored.
/// </summary>
public sealed class Vocabulary
{
    private readonly string[] _values;
    private readonly long[] _counts;
    private readonly Dictionary<string, int> _ids;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    /// <summary>Padding id.</summary>
    public const int Padding = 0;
    /// <summary>Out-of-vocabulary id.</summary>
    public const int Oov = 1;
    /// <summary>First id of a known value.</summary>
    public const int FirstKnown = 2;

    /// <summary>Number of hash buckets, or null for a fitted vocabulary.</summary>
    public int? HashBuckets { get; }
    /// <summary>The known values in id order (id = index + 2); empty with hashing.</summary>
    public IReadOnlyList<string> Values => _values;
    /// <summary>Training count of each known value, in id order (for frequency-aware regularisation such as DIN's MBA L2).</summary>
    public IReadOnlyList<long> Counts => _counts;
    /// <summary>How many training occurrences mapped to the out-of-vocabulary id (rare values); 0 with hashing. With
    /// <see cref="FitOptions.MaxDistinct"/>, occurrences of values pruned during counting are not included.</summary>
    public long OovCount { get; }

    /// <summary>0 when the counts are exact; with <see cref="FitOptions.MaxDistinct"/>, the most by which a count may
    /// exceed the true one (values within that margin of min-count may have been kept).</summary>
    public long CountError { get; internal set; }

    /// <summary>Number of ids including padding and out-of-vocabulary: the rows an embedding table needs.</summary>
    public int Size => FirstKnown + (HashBuckets ?? _values.Length);

    private Vocabulary(string[] values, long[] counts, long oovCount, int? hashBuckets)
    {
        _values = values;
        _counts = counts;
        OovCount = oovCount;
        HashBuckets = hashBuckets;
        _ids = new Dictionary<string, int>(values.Length, StringComparer.Ordinal);
        for (int i = 0; i < values.Length; i++) _ids.Add(values[i], FirstKnown + i);
        _lookup = _ids.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>A hashing vocabulary of <paramref name="buckets"/> buckets.</summary>
    public static Vocabulary Hashing(int buckets)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);
        return new Vocabulary([], [], 0, buckets);
    }

    /// <summary>A vocabulary of the values counted at least <paramref name="minCount"/> times.</summary>
    public static Vocabulary FromCounts(IEnumerable<KeyValuePair<string, long>> counts, int minCount)
    {
        long oov = 0;
        var kept = new List<KeyValuePair<string, long>>();
        foreach (var p in counts)
            if (p.Value >= minCount) kept.Add(p);
            else oov += p.Value;
        kept.Sort((a, b) => a.Value != b.Value ? b.Value.CompareTo(a.Value) : string.CompareOrdinal(a.Key, b.Key));
        return new Vocabulary(kept.Select(p => p.Key).ToArray(), kept.Select(p => p.Value).ToArray(), oov, null);
    }

    /// <summary>Restores a vocabulary from its values in id order (what <see cref="Values"/> returns).</summary>
    internal static Vocabulary FromValues(string[] values, long[] counts, long oovCount) => new(values, counts, oovCount, null);

    /// <summary>The id of <paramref name="value"/>.</summary>
    public int Id(ReadOnlySpan<char> value)
    {
        if (HashBuckets is int n) return FirstKnown + (int)(Hash(value) % (ulong)n);
        return _lookup.TryGetValue(value, out int id) ? id : Oov;
    }

    /// <summary>The value of a known id, "&lt;pad&gt;" or "&lt;oov&gt;" (hashing: "#bucket").</summary>
    public string ValueOf(int id) => id switch
    {
        Padding => "<pad>",
        Oov => "<oov>",
        _ when HashBuckets is not null => $"#{id - FirstKnown}",
        _ => _values[id - FirstKnown],
    };

    /// <summary>64-bit FNV-1a of the UTF-8 bytes of <paramref name="value"/>: stable across processes and platforms.</summary>
    public static ulong Hash(ReadOnlySpan<char> value)
    {
        ulong h = 14695981039346656037UL;
        Span<byte> buffer = stackalloc byte[256];
        int max = Encoding.UTF8.GetMaxByteCount(value.Length);
        var bytes = max > buffer.Length ? new byte[max] : buffer;
        int n = Encoding.UTF8.GetBytes(value, bytes);
        foreach (byte b in bytes[..n])
        {
            h ^= b;
            h *= 1099511628211UL;
        }
        return h;
    }
}

/// <summary>
/// Counts values during fitting. Exact by default (memory grows with the number of distinct values, not with the rows);
/// with a cap on distinct values it prunes: when the table exceeds the cap, the floor rises until at most half the cap
/// is left, dropping every value counted at most the floor, and a value first seen (again) after a prune starts at
/// floor + 1. Then every stored count is at least the true count and at most the true count + <see cref="Floor"/>,
/// and every value seen more than <see cref="Floor"/> times is in the table.
/// </summary>
internal sealed class VocabularyCounter
{
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly int? _maxDistinct;

    public VocabularyCounter(int? maxDistinct = null)
    {
        _lookup = _counts.GetAlternateLookup<ReadOnlySpan<char>>();
        _maxDistinct = maxDistinct;
    }

    /// <summary>The pruning floor: the most by which a count can exceed the truth (0 while nothing was pruned).</summary>
    public long Floor { get; private set; }

    /// <summary>Most distinct values held at once.</summary>
    public int PeakDistinct { get; private set; }

    public void Add(ReadOnlySpan<char> value)
    {
        if (_lookup.TryGetValue(value, out long c))
        {
            _lookup[value] = c + 1;
            return;
        }
        _lookup[value] = Floor + 1;
        PeakDistinct = Math.Max(PeakDistinct, _counts.Count);
        if (_maxDistinct is int max && _counts.Count > max)
            while (_counts.Count > max / 2)
            {
                Floor++;
                foreach (var (key, count) in _counts)
                    if (count <= Floor) _counts.Remove(key);
            }
    }

    public IEnumerable<KeyValuePair<string, long>> Counts => _counts;
}
