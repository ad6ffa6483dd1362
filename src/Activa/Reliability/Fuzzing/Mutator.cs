using System.Buffers.Binary;
using System.Text;

namespace Activa.Reliability.Fuzzing;

/// <summary>
/// A small structured mutator for parser fuzzing: each call applies one to three <see cref="MutationKind"/>s to a
/// valid seed input — bit flips, boundary bytes and integers, truncation, chunk insertion, deletion and duplication,
/// length fields set to boundary values, and for text formats line duplication, deletion and swaps, numbers replaced
/// by huge, negative, non-finite or empty ones, and inserted syntax tokens. Deterministic: the same seed gives the same
/// sequence of inputs on every machine.
/// </summary>
public sealed class Mutator
{
    private static readonly byte[] InterestingBytes =
        [0x00, 0x01, 0x7F, 0x80, 0xFF, 0xFE, (byte)'"', (byte)',', (byte)'\n', (byte)'\r', (byte)'\t', (byte)'{', (byte)'}',
         (byte)'[', (byte)']', (byte)':', (byte)'|', (byte)' ', (byte)'-', (byte)'.', (byte)'e', (byte)'0', (byte)'9', (byte)'\\'];

    private static readonly long[] InterestingIntegers =
        [0, 1, -1, 2, 7, 8, 16, 127, 128, 255, 256, 32767, 65535, 65536, int.MaxValue, int.MinValue, (long)int.MaxValue + 1,
         uint.MaxValue, 1L << 32, long.MaxValue, long.MinValue, 1L << 40, 100L << 20, (100L << 20) + 1];

    private static readonly string[] InterestingNumbers =
        ["", " ", "-1", "0", "-0", "1", "NaN", "nan", "Infinity", "-Infinity", "inf", "1e309", "-1e309", "1e-320", "1e38", "3.5e38",
         "2147483647", "2147483648", "-2147483649", "4294967296", "9223372036854775807", "9223372036854775808",
         "99999999999999999999999", "0.1.2", "1,5", "0x10", "1e", "--1", "+", ".", "null", "\"\"", "[]", "{}", "true"];

    private static readonly string[] InterestingTokens =
        ["\"", "\"\"", ",", ",,", "\n", "\r\n", "\r", "\t", "|", "||", " ", "{", "}", "[", "]", ":", "null", "\\", "\\u0000",
         "\0", "\uFEFF", "é", "\uD800", "NA", "NaN", "-", new string('[', 200), new string('{', 70), new string('9', 400),
         "\"__metadata__\"", "\"x\":1,"];

    private static readonly MutationKind[] Binary =
        [MutationKind.BitFlip, MutationKind.InterestingByte, MutationKind.InterestingInteger, MutationKind.Truncate,
         MutationKind.InsertChunk, MutationKind.DeleteChunk, MutationKind.DuplicateChunk, MutationKind.LengthField];

    private static readonly MutationKind[] Text =
        [.. Binary, MutationKind.DuplicateLine,
         MutationKind.DeleteLine, MutationKind.SwapLines, MutationKind.NumberField, MutationKind.NumberField,
         MutationKind.NumberField, MutationKind.InsertToken, MutationKind.InsertToken];

    private readonly Generator _rng;
    private readonly List<MutationKind> _applied = [];

    /// <summary>A mutator whose inputs follow from <paramref name="seed"/>.</summary>
    public Mutator(ulong seed) => _rng = new Generator(seed);

    /// <summary>The mutations applied by the last <see cref="Mutate"/> call, in order.</summary>
    public IReadOnlyList<MutationKind> LastMutations => _applied;

    /// <summary>
    /// A mutated copy of <paramref name="input"/>. <paramref name="text"/> adds the line, number and token mutations
    /// (for text formats, and binary ones with a text part such as safetensors' JSON header); <paramref name="lengthFields"/> are the input's size fields, for <see cref="MutationKind.LengthField"/>.
    /// </summary>
    public byte[] Mutate(ReadOnlySpan<byte> input, bool text, IReadOnlyList<LengthField>? lengthFields = null)
    {
        _applied.Clear();
        var kinds = text ? Text : Binary;
        var data = new List<byte>(input.Length + 64);
        data.AddRange(input);
        // Mostly one mutation (near misses of valid inputs reach deepest), sometimes two or three.
        int count = _rng.NextInt(4) switch { 0 => 2, 1 => 3, _ => 1 };
        for (int m = 0; m < count; m++)
        {
            var kind = kinds[_rng.NextInt(kinds.Length)];
            if (kind == MutationKind.LengthField && lengthFields is not { Count: > 0 }) kind = MutationKind.InterestingInteger;
            Apply(kind, data, lengthFields);
            _applied.Add(kind);
        }
        return [.. data];
    }

    private int Index(int length) => length <= 0 ? 0 : _rng.NextInt(length);

    private void Apply(MutationKind kind, List<byte> data, IReadOnlyList<LengthField>? lengthFields)
    {
        switch (kind)
        {
            case MutationKind.BitFlip:
                if (data.Count == 0) goto case MutationKind.InsertChunk;
                for (int i = 0, n = 1 + _rng.NextInt(4); i < n; i++) data[Index(data.Count)] ^= (byte)(1 << _rng.NextInt(8));
                break;
            case MutationKind.InterestingByte:
                if (data.Count == 0) goto case MutationKind.InsertChunk;
                data[Index(data.Count)] = InterestingBytes[_rng.NextInt(InterestingBytes.Length)];
                break;
            case MutationKind.InterestingInteger:
            {
                int size = 2 << _rng.NextInt(3);
                if (data.Count < size) goto case MutationKind.InsertChunk;
                WriteInteger(data, Index(data.Count - size + 1), size, _rng.NextInt(2) == 0, InterestingIntegers[_rng.NextInt(InterestingIntegers.Length)]);
                break;
            }
            case MutationKind.Truncate:
            {
                int at = Index(data.Count);
                data.RemoveRange(at, data.Count - at);
                break;
            }
            case MutationKind.InsertChunk:
            {
                var chunk = new byte[1 + _rng.NextInt(64)];
                for (int i = 0; i < chunk.Length; i++) chunk[i] = (byte)_rng.NextInt(256);
                data.InsertRange(Index(data.Count + 1), chunk);
                break;
            }
            case MutationKind.DeleteChunk:
            {
                if (data.Count == 0) break;
                int at = Index(data.Count);
                data.RemoveRange(at, Math.Min(data.Count - at, 1 + _rng.NextInt(64)));
                break;
            }
            case MutationKind.DuplicateChunk:
            {
                if (data.Count == 0) break;
                int at = Index(data.Count);
                var chunk = data.GetRange(at, Math.Min(data.Count - at, 1 + _rng.NextInt(64)));
                data.InsertRange(Index(data.Count + 1), chunk);
                break;
            }
            case MutationKind.LengthField:
            {
                var field = lengthFields![_rng.NextInt(lengthFields.Count)];
                if (field.Offset + field.Size > data.Count) goto case MutationKind.InterestingInteger;
                long value = _rng.NextInt(2) == 0
                    ? InterestingIntegers[_rng.NextInt(InterestingIntegers.Length)]
                    : ReadInteger(data, field) + (_rng.NextInt(17) - 8);
                WriteInteger(data, field.Offset, field.Size, field.BigEndian, value);
                break;
            }
            case MutationKind.DuplicateLine or MutationKind.DeleteLine or MutationKind.SwapLines:
                MutateLines(kind, data);
                break;
            case MutationKind.NumberField:
                ReplaceNumber(data);
                break;
            case MutationKind.InsertToken:
                data.InsertRange(Index(data.Count + 1), Encoding.UTF8.GetBytes(InterestingTokens[_rng.NextInt(InterestingTokens.Length)]));
                break;
        }
    }

    private static long ReadInteger(List<byte> data, LengthField f)
    {
        Span<byte> b = stackalloc byte[8];
        b.Clear();
        for (int i = 0; i < f.Size; i++) b[f.BigEndian ? 8 - f.Size + i : i] = data[f.Offset + i];
        return f.BigEndian ? BinaryPrimitives.ReadInt64BigEndian(b) : BinaryPrimitives.ReadInt64LittleEndian(b);
    }

    private static void WriteInteger(List<byte> data, int offset, int size, bool bigEndian, long value)
    {
        for (int i = 0; i < size; i++)
        {
            int shift = 8 * (bigEndian ? size - 1 - i : i);
            data[offset + i] = (byte)(value >> shift);
        }
    }

    private void MutateLines(MutationKind kind, List<byte> data)
    {
        var lines = SplitLines(data);
        if (lines.Count == 0) return;
        int a = _rng.NextInt(lines.Count), b = _rng.NextInt(lines.Count);
        switch (kind)
        {
            case MutationKind.DuplicateLine: lines.Insert(b, lines[a]); break;
            case MutationKind.DeleteLine: lines.RemoveAt(a); break;
            default: (lines[a], lines[b]) = (lines[b], lines[a]); break;
        }
        data.Clear();
        foreach (var line in lines) data.AddRange(line);
    }

    /// <summary>The lines of <paramref name="data"/>, each with its '\n' (the last may lack one).</summary>
    private static List<byte[]> SplitLines(List<byte> data)
    {
        var lines = new List<byte[]>();
        int start = 0;
        for (int i = 0; i < data.Count; i++)
            if (data[i] == (byte)'\n')
            {
                lines.Add(data.GetRange(start, i + 1 - start).ToArray());
                start = i + 1;
            }
        if (start < data.Count) lines.Add(data.GetRange(start, data.Count - start).ToArray());
        return lines;
    }

    /// <summary>Replaces one number (a run of digits with its sign, point and exponent) with an interesting one.</summary>
    private void ReplaceNumber(List<byte> data)
    {
        var numbers = new List<(int Start, int Length)>();
        for (int i = 0; i < data.Count;)
        {
            if (!char.IsAsciiDigit((char)data[i])) { i++; continue; }
            int start = i > 0 && data[i - 1] == (byte)'-' ? i - 1 : i;
            while (i < data.Count && (char.IsAsciiDigit((char)data[i]) || data[i] is (byte)'.' or (byte)'e' or (byte)'E'
                       || (data[i] is (byte)'-' or (byte)'+' && data[i - 1] is (byte)'e' or (byte)'E'))) i++;
            numbers.Add((start, i - start));
        }
        var replacement = Encoding.UTF8.GetBytes(InterestingNumbers[_rng.NextInt(InterestingNumbers.Length)]);
        if (numbers.Count == 0)
        {
            data.InsertRange(Index(data.Count + 1), replacement);
            return;
        }
        var (at, length) = numbers[_rng.NextInt(numbers.Count)];
        data.RemoveRange(at, length);
        data.InsertRange(at, replacement);
    }
}
