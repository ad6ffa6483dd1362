namespace Activa.Reliability.Fuzzing;

/// <summary>The mutations <see cref="Mutator"/> applies; text-only ones are skipped for binary formats.</summary>
public enum MutationKind
{
    /// <summary>Flip one to four random bits.</summary>
    BitFlip,
    /// <summary>Replace a byte with a boundary or syntax byte (0x00, 0xFF, 0x7F, 0x80, quote, comma, newline, braces…).</summary>
    InterestingByte,
    /// <summary>Overwrite 2, 4 or 8 bytes with a boundary integer (0, −1, int.MaxValue, int.MinValue, 2³², long.MaxValue…), either byte order.</summary>
    InterestingInteger,
    /// <summary>Cut the input at a random length.</summary>
    Truncate,
    /// <summary>Insert 1–64 random bytes at a random place.</summary>
    InsertChunk,
    /// <summary>Delete a random range of up to 64 bytes.</summary>
    DeleteChunk,
    /// <summary>Copy a random range of the input to another place.</summary>
    DuplicateChunk,
    /// <summary>Set a length or offset field (<see cref="LengthField"/>) to a boundary value or nudge it by ±1…±8.</summary>
    LengthField,
    /// <summary>Text: repeat a line.</summary>
    DuplicateLine,
    /// <summary>Text: delete a line.</summary>
    DeleteLine,
    /// <summary>Text: swap two lines.</summary>
    SwapLines,
    /// <summary>Text: replace a number with a huge, negative, non-finite, empty or malformed one.</summary>
    NumberField,
    /// <summary>Text: insert a syntax token (quote, separator, bracket, null, deep nesting…).</summary>
    InsertToken,
}
