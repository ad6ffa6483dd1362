using Activa.Data.Ctr.Features;
using Activa.Nn;

namespace Activa.Models.Ctr.Fields;

/// <summary>
/// Base of the click-through models on schema-declared features (<see cref="FeatureBatch"/>): an input adapter,
/// <see cref="FieldEmbeddings"/>, and a head that reads <see cref="FieldInputs"/>. The same six models as
/// <see cref="CtrModel"/> (LR, DNN, DeepFM, DIN, FinalMLP, DualMLP) for any schema; hyper-parameters are
/// <see cref="CtrModelOptions"/>.
/// </summary>
public abstract class FieldCtrModel : Module
{
    /// <summary>Names accepted by <see cref="Create"/>.</summary>
    public static IReadOnlyList<string> Names => CtrModel.Names;

    /// <summary>The options the model was built with.</summary>
    public CtrModelOptions Options { get; }
    /// <summary>The input adapter (its tables are the ones mini-batch-aware L2 regularises).</summary>
    public FieldEmbeddings Inputs { get; }
    /// <summary>The layout of the batches the model reads.</summary>
    public FieldLayout Layout => Inputs.Layout;
    /// <summary>The model's name (one of <see cref="Names"/>).</summary>
    public string Name { get; private set; } = "";

    /// <summary>Creates the input adapter with embeddings of dimension <paramref name="dim"/> (default the options').</summary>
    /// <param name="layout">The batches' layout.</param>
    /// <param name="options">Hyper-parameters.</param>
    /// <param name="generator">Initial weights.</param>
    /// <param name="dim">Embedding dimension (default the options').</param>
    /// <param name="shared">Whether sequences and bags with vocabularyFrom share their owner's table.</param>
    protected FieldCtrModel(FieldLayout layout, CtrModelOptions options, Generator generator, int? dim = null, bool shared = true)
    {
        Options = options;
        if (options.EmbeddingDim < 1) throw new ArgumentException($"CTR model: EmbeddingDim must be positive, got {options.EmbeddingDim}.");
        Inputs = RegisterModule("inputs", new FieldEmbeddings(layout, dim ?? options.EmbeddingDim, options.Pooling,
            options.SparseEmbeddings, options.EmbeddingInitStd, generator, shared));
    }

    /// <summary>One logit per sample, [B].</summary>
    /// <exception cref="ArgumentException">The batch does not come from the model's pipeline.</exception>
    public abstract Tensor Logits(FeatureBatch batch);

    /// <summary>Click probabilities σ(logit), [B], without autograd.</summary>
    public float[] Predict(FeatureBatch batch)
    {
        using var _ = Tensor.NoGrad();
        return Logits(batch).Sigmoid().ToArray();
    }

    /// <summary>Builds model <paramref name="name"/> (see <see cref="Names"/>) for the batches of <paramref name="layout"/>.</summary>
    /// <exception cref="ArgumentException">An unknown name, bad options, or DIN without an attended sequence.</exception>
    public static FieldCtrModel Create(string name, FieldLayout layout, CtrModelOptions? options = null, ulong seed = 0)
    {
        options ??= new CtrModelOptions();
        var key = name.Trim().ToLowerInvariant();
        var g = new Generator(seed);
        FieldCtrModel model = key switch
        {
            "lr" => new FieldLogistic(layout, options, g),
            "dnn" => new FieldDnn(layout, options, g),
            "deepfm" => new FieldDeepFm(layout, options, g),
            "din" => new FieldDin(layout, options, g),
            "finalmlp" => new FieldFinalMlp(layout, options, g, gated: true),
            "dualmlp" => new FieldFinalMlp(layout, options, g, gated: false),
            _ => throw new ArgumentException($"Unknown CTR model '{name}'. Valid: {string.Join(", ", Names)}."),
        };
        model.Name = key;
        return model;
    }

    /// <summary>An MLP as <see cref="CtrModel"/> builds it (Linear → activation per hidden width, then Linear to <paramref name="output"/>).</summary>
    protected static Sequential Mlp(int input, IReadOnlyList<int> hidden, string activation, int output, Generator generator) =>
        CtrModel.Mlp(input, hidden, activation, output, generator);
}
