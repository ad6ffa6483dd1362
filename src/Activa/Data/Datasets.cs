namespace Activa.Data;

/// <summary>The datasets the CLI knows by name.</summary>
public static class Datasets
{
    /// <summary>Valid dataset names.</summary>
    public static IReadOnlyList<string> Names { get; } = ["digits", "fashion-mnist", "mnist", "spirals"];

    /// <summary>
    /// Loads the training and test splits of dataset <paramref name="name"/>; <paramref name="directory"/>
    /// overrides where file-based datasets are looked for.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the valid ones.</exception>
    public static (Dataset Train, Dataset Test) Load(string name, string? directory = null) => name.ToLowerInvariant() switch
    {
        "digits" => Digits.Load(),
        "fashion-mnist" => IdxDataset.FashionMnist.Load(directory),
        "mnist" => IdxDataset.Mnist.Load(directory),
        "spirals" => (Synthetic.Spirals(seed: 0), Synthetic.Spirals(samplesPerArm: 200, seed: 1)),
        _ => throw new ArgumentException($"Unknown dataset '{name}'. Valid datasets: {string.Join(", ", Names)}."),
    };
}
