namespace Activa.Data;

/// <summary>
/// A dataset stored as four IDX files in the MNIST layout: train-images-idx3-ubyte, train-labels-idx1-ubyte,
/// t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte, each optionally gzipped (.gz). Pixels are scaled
/// to [0, 1] by dividing by 255.
/// </summary>
public sealed record IdxDataset(string Name, string DefaultDirectory, string[] ClassNames)
{
    /// <summary>Fashion-MNIST (Xiao, Rasul &amp; Vollgraf 2017): 60,000 + 10,000 28×28 greyscale images of clothing, 10 classes; Debian package dataset-fashion-mnist.</summary>
    public static IdxDataset FashionMnist { get; } = new("fashion-mnist", "/usr/share/datasets/fashion-mnist",
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]);

    /// <summary>MNIST (LeCun et al. 1998): 60,000 + 10,000 28×28 handwritten digits, 10 classes.</summary>
    public static IdxDataset Mnist { get; } = new("mnist", "/usr/share/datasets/mnist", ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]);

    /// <summary>The path of file <paramref name="stem"/> in <paramref name="directory"/>, with or without .gz, or null.</summary>
    private static string? Find(string directory, string stem)
    {
        foreach (var name in new[] { stem + ".gz", stem })
        {
            var path = Path.Combine(directory, name);
            if (File.Exists(path)) return path;
        }
        return null;
    }

    private static readonly string[] Stems = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

    /// <summary>True when all four files are in <paramref name="directory"/> (default: <see cref="DefaultDirectory"/>).</summary>
    public bool IsAvailable(string? directory = null) => Stems.All(s => Find(directory ?? DefaultDirectory, s) != null);

    /// <summary>Loads the training and test splits.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder or one of the four files is missing.</exception>
    /// <exception cref="DataFormatException">A file is malformed, or images and labels disagree.</exception>
    public (Dataset Train, Dataset Test) Load(string? directory = null)
    {
        directory ??= DefaultDirectory;
        var missing = Stems.Where(s => Find(directory, s) == null).ToList();
        if (missing.Count > 0)
            throw new DirectoryNotFoundException(
                $"{Name}: {string.Join(", ", missing)} (.gz) not found in {directory}." +
                (directory == FashionMnist.DefaultDirectory ? " Install it with 'apt-get install dataset-fashion-mnist' or pass --data-dir." : " Pass --data-dir with the folder holding the IDX files."));
        return (Split(directory, "train"), Split(directory, "t10k"));
    }

    private Dataset Split(string directory, string prefix)
    {
        string imagesPath = Find(directory, prefix + "-images-idx3-ubyte")!, labelsPath = Find(directory, prefix + "-labels-idx1-ubyte")!;
        var (imageDims, pixels) = IdxFile.Read(imagesPath);
        var (labelDims, labelBytes) = IdxFile.Read(labelsPath);
        if (imageDims.Length != 3) throw new DataFormatException(imagesPath, $"expected 3 dimensions (count, rows, columns), found {imageDims.Length}.");
        if (labelDims.Length != 1) throw new DataFormatException(labelsPath, $"expected 1 dimension (count), found {labelDims.Length}.");
        if (labelDims[0] != imageDims[0])
            throw new DataFormatException(labelsPath, $"{labelDims[0]} labels for the {imageDims[0]} images of {imagesPath}.");
        var labels = new int[labelBytes.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = labelBytes[i];
            if (labels[i] >= ClassNames.Length)
                throw new DataFormatException(labelsPath, $"label {labels[i]} at index {i} is outside [0, {ClassNames.Length}).");
        }
        var features = new float[pixels.Length];
        for (int i = 0; i < pixels.Length; i++) features[i] = pixels[i] * (1f / 255f);
        return new Dataset(Name, Tensor.FromArray(features, imageDims), labels, ClassNames.Length, ClassNames);
    }
}
