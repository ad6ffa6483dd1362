using System.Text;
using Activa.IO;

namespace Activa.Reliability.Fuzzing.Targets;

/// <summary>
/// Safetensors files (<see cref="SafeTensors.Load(string, SafeTensorsLoadOptions?)"/>): one written by Activa (with
/// checksums), one laid out as PyTorch writes them (no checksums, so corrupted data reaches the non-finite check).
/// A clean rejection is a <see cref="CheckpointFormatException"/>.
/// </summary>
public sealed class SafeTensorsTarget() : CheckpointFuzzTarget("safetensors", "safetensors files with and without checksums (SafeTensors.Load)")
{
    /// <inheritdoc/>
    protected override IEnumerable<byte[]> CreateSeeds(string scratch)
    {
        yield return Saved(Path.Combine(scratch, "seed.safetensors"), path => SafeTensors.Save(path, new Dictionary<string, Tensor>
        {
            ["w"] = Tensor.FromArray([1f, -2f, 3.5f, 0f, 1e-3f, 7f], 2, 3),
            ["b"] = Tensor.FromArray([0.5f, -0.25f]),
            ["s"] = Tensor.Scalar(2f),
        }, new Dictionary<string, string> { ["note"] = "seed", ["json"] = "{\"a\":[1,2]}" }));
        yield return Unchecked();
    }

    /// <summary>A file as PyTorch's safetensors writes it: no "activa.checksums", header padded with spaces.</summary>
    private static byte[] Unchecked()
    {
        string header = "{\"__metadata__\":{\"format\":\"pt\"},\"a\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]},"
                      + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[16,20]}}";
        while ((8 + header.Length) % 8 != 0) header += " ";
        var bytes = new List<byte>(BitConverter.GetBytes((ulong)header.Length));
        bytes.AddRange(Encoding.UTF8.GetBytes(header));
        foreach (float v in new[] { 1f, 2f, 3f, 4f, 5f }) bytes.AddRange(BitConverter.GetBytes(v));
        return [.. bytes];
    }

    /// <inheritdoc/>
    public override IReadOnlyList<LengthField> LengthFields(byte[] seed) => [new(0, 8, false), new(0, 4, false)];

    /// <inheritdoc/>
    public override void Parse(string path) => SafeTensors.Load(path, new SafeTensorsLoadOptions());
}
