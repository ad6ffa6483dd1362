using Activa.IO;

namespace Activa.Reliability.Fuzzing;

/// <summary>
/// A parser of safetensors files (plain, or the checkpoints written on top of them): extension ".safetensors", the
/// text mutations on (the header is JSON), the 8-byte header length as a length field, and a
/// <see cref="CheckpointFormatException"/> as the clean rejection.
/// </summary>
/// <param name="name">The name used by <c>activa fuzz --parser</c>.</param>
/// <param name="description">What is parsed, through which API, in one line.</param>
public abstract class CheckpointFuzzTarget(string name, string description)
    : FuzzTarget(name, description, ".safetensors", isText: true, typeof(CheckpointFormatException))
{
    /// <inheritdoc/>
    public override IReadOnlyList<LengthField> LengthFields(byte[] seed) => [new(0, 8, false)];

    /// <summary>Runs <paramref name="save"/> on <paramref name="path"/> and returns the bytes it wrote (a seed).</summary>
    protected static byte[] Saved(string path, Action<string> save)
    {
        save(path);
        return File.ReadAllBytes(path);
    }
}
