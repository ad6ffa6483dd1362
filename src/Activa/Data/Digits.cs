using System.Globalization;
using System.IO.Compression;

namespace Activa.Data;

/// <summary>
/// The embedded default dataset: the UCI "Optical Recognition of Handwritten Digits" set as scikit-learn
/// ships it — 1,797 images of 8×8 pixels (values 0–16, scaled here to [0, 1]), 10 classes; licence in
/// src/Activa/Data/Resources/README.md. It needs no files at all. The split is fixed: a seeded
/// permutation puts 20 % (359 images) in the test set and the remaining 1,438 in the training set.
/// </summary>
public static class Digits
{
    /// <summary>Dataset name.</summary>
    public const string Name = "digits";
    private const string Resource = "Activa.Data.digits.csv.gz";
    private static readonly string[] ClassNames = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    /// <summary>All 1,797 samples, shape [1797, 8, 8], in the file's order.</summary>
    public static Dataset LoadAll()
    {
        using var stream = typeof(Digits).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"Embedded resource {Resource} is missing from the Activa assembly.");
        using var reader = new StreamReader(new GZipStream(stream, CompressionMode.Decompress));
        var features = new List<float>(1797 * 64);
        var labels = new List<int>(1797);
        string? line;
        int lineNumber = 0;
        while ((line = reader.ReadLine()) != null)
        {
            lineNumber++;
            if (line.Length == 0) continue;
            var fields = line.Split(',');
            if (fields.Length != 65) throw new DataFormatException(Resource, $"line {lineNumber} has {fields.Length} fields, expected 65.");
            for (int i = 0; i < 64; i++) features.Add(float.Parse(fields[i], CultureInfo.InvariantCulture) / 16f);
            labels.Add((int)float.Parse(fields[64], CultureInfo.InvariantCulture));
        }
        return new Dataset(Name, Tensor.FromArray([.. features], labels.Count, 8, 8), [.. labels], 10, ClassNames);
    }

    /// <summary>The fixed training (1,437) and test (360) splits.</summary>
    public static (Dataset Train, Dataset Test) Load() => LoadAll().Split(0.2, seed: 0);
}
