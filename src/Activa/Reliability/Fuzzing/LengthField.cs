namespace Activa.Reliability.Fuzzing;

/// <summary>
/// A binary integer field of a seed input that holds a size or an offset (an IDX dimension, the safetensors header
/// length): the <see cref="Mutator"/> overwrites such fields with boundary values, which random bit flips rarely hit.
/// </summary>
/// <param name="Offset">Byte offset of the field in the seed.</param>
/// <param name="Size">Width in bytes: 2, 4 or 8.</param>
/// <param name="BigEndian">Byte order of the field.</param>
public readonly record struct LengthField(int Offset, int Size, bool BigEndian);
