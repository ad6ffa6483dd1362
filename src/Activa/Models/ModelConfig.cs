using System.Text.Json;
using System.Text.Json.Serialization;

namespace Activa.Models;

/// <summary>
/// Everything needed to rebuild a model's architecture; stored as JSON in checkpoints so that
/// <c>activa eval</c> and <c>activa predict</c> need only the checkpoint file.
/// </summary>
public sealed record ModelConfig
{
    /// <summary>Model family: "mlp" or "kan".</summary>
    public string Model { get; init; } = "mlp";
    /// <summary>Input features.</summary>
    public int Inputs { get; init; }
    /// <summary>Hidden layer widths.</summary>
    public int[] Hidden { get; init; } = [];
    /// <summary>Outputs (classes).</summary>
    public int Outputs { get; init; }
    /// <summary>Activation registry name used between layers.</summary>
    public string Activation { get; init; } = "relu";
    /// <summary>The KAN basis spec when <see cref="Model"/> is "kan" (<see cref="Kan.KanBases"/>), e.g. "bspline(grid=5, order=3)".</summary>
    public string Basis { get; init; } = "bspline";
    /// <summary>Dropout after each hidden activation (0 = none).</summary>
    public float Dropout { get; init; }
    /// <summary>Weight initialisation.</summary>
    public Nn.Init Init { get; init; } = Nn.Init.Default;
    /// <summary>
    /// A self-normalising network (Klambauer et al., "Self-Normalizing Neural Networks", NeurIPS 2017): SELU activations,
    /// LeCun-normal weights and AlphaDropout in place of Dropout. The activation must then be "selu" and the init
    /// LeCunNormal (<see cref="AsSelfNormalizing"/> sets all three).
    /// </summary>
    public bool SelfNormalizing { get; init; }
    /// <summary>
    /// Per hidden activation layer, outputs of magnitude at or below this value become 0 (calibrated by
    /// <c>activa sparsify</c>, see <see cref="Sparsity.ActivationThresholds"/>); null or 0 entries: no threshold.
    /// </summary>
    public float[]? ActivationThresholds { get; init; }
    /// <summary>Mean of the training inputs, subtracted by the model's first layer (with <see cref="InputStd"/>).</summary>
    public float InputMean { get; init; }
    /// <summary>Standard deviation of the training inputs (1 with a mean of 0: no standardisation).</summary>
    public float InputStd { get; init; } = 1f;
    /// <summary>Class names, when the dataset has them.</summary>
    public string[]? ClassNames { get; init; }
    /// <summary>Name of the dataset the model was trained on.</summary>
    public string? Dataset { get; init; }

    /// <summary>This config as a self-normalising network: SELU, LeCun-normal init, AlphaDropout.</summary>
    public ModelConfig AsSelfNormalizing() => this with { SelfNormalizing = true, Activation = "selu", Init = Nn.Init.LeCunNormal };

    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    /// <summary>The config as JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Parses a config written by <see cref="ToJson"/>.</summary>
    public static ModelConfig FromJson(string json) =>
        JsonSerializer.Deserialize<ModelConfig>(json, Json) ?? throw new JsonException("Model config is null.");

    /// <summary>
    /// The layers every classifier starts with — Flatten, then Standardize when <see cref="InputMean"/> and
    /// <see cref="InputStd"/> say so — after checking the sizes; <paramref name="family"/> ("An MLP", "A KAN") names the model in errors.
    /// </summary>
    /// <exception cref="ArgumentException">Non-positive input, output or hidden sizes.</exception>
    internal Nn.Sequential InputLayers(string family)
    {
        if (Inputs <= 0 || Outputs <= 0)
            throw new ArgumentException($"{family} needs positive input and output sizes, got {Inputs} and {Outputs}.");
        if (Hidden.Any(h => h <= 0))
            throw new ArgumentException($"Hidden widths must be positive, got {string.Join(",", Hidden)}.");
        var model = new Nn.Sequential(new Nn.Flatten());
        if (InputMean != 0 || InputStd != 1) model.Add(new Nn.Standardize(InputMean, InputStd));
        return model;
    }

    /// <summary>Parameters of the model this config builds (built with a generator of its own, so that counting leaves
    /// <see cref="Generator.Default"/> untouched).</summary>
    public long ParameterCount() => Build(new Generator(0)).ParameterCount;

    /// <summary>Builds the model this config describes (weights from <paramref name="generator"/>).</summary>
    public Nn.Module Build(Generator? generator = null) => Model switch
    {
        "mlp" => Mlp.Build(this, generator),
        "kan" => Kan.KanNetwork.Build(this, generator),
        _ => throw new ArgumentException($"Unknown model '{Model}'. Valid models: mlp, kan."),
    };
}
