using Activa.Activations.Learnable;
using Activa.Data.Ctr;
using Activa.Nn;

namespace Activa.Models.Ctr;

/// <summary>Hyper-parameters shared by the CTR models.</summary>
public sealed record CtrModelOptions
{
    /// <summary>Dimension d of each id embedding (user, item, category); a behaviour or candidate is [item, category], 2d.</summary>
    public int EmbeddingDim { get; init; } = 16;
    /// <summary>Hidden widths of the main MLP (DIN's paper: 200, 80).</summary>
    public int[] Hidden { get; init; } = [200, 80];
    /// <summary>Activation of the hidden layers: "dice" (DIN's), "prelu", or any activation name.</summary>
    public string Activation { get; init; } = "dice";
    /// <summary>Hidden width of DIN's local activation unit (the paper: 36).</summary>
    public int AttentionHidden { get; init; } = 36;
    /// <summary>Normalise DIN's attention weights with a softmax over the behaviours (the official code); off in the paper.</summary>
    public bool AttentionSoftmax { get; init; }
    /// <summary>Heads of FinalMLP's bilinear fusion (must divide both streams' output widths).</summary>
    public int FusionHeads { get; init; } = 4;
    /// <summary>Hidden widths of FinalMLP's second stream (the first uses <see cref="Hidden"/>).</summary>
    public int[] SecondHidden { get; init; } = [200, 80];
    /// <summary>Row-sparse embedding gradients (only the rows a batch touches are updated).</summary>
    public bool SparseEmbeddings { get; init; } = true;
    /// <summary>Standard deviation of the initial embeddings.</summary>
    public float EmbeddingInitStd { get; init; } = 0.05f;
    /// <summary>Field models (<see cref="Fields.FieldCtrModel"/>): how multi-hot fields and sequences that are not attended are
    /// pooled (default sum, as DIN's base model); the behaviour-sample models always sum-pool.</summary>
    public BagMode Pooling { get; init; } = BagMode.Sum;
}

/// <summary>
/// Base of the click-through models on behaviour samples: the user, item and category embeddings (row 0 is padding
/// and stays zero), the candidate vector q = [item, category] and the behaviour vectors kⱼ = [itemⱼ, categoryⱼ].
/// <see cref="Logits"/> gives one logit per sample.
/// </summary>
public abstract class CtrModel : Module
{
    /// <summary>Names accepted by <see cref="Create(string, CtrVocabulary, CtrModelOptions?, ulong)"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["lr", "dnn", "deepfm", "din", "finalmlp", "dualmlp"];

    /// <summary>The options the model was built with.</summary>
    public CtrModelOptions Options { get; }
    /// <summary>User embeddings [users + 1, d].</summary>
    protected Embedding UserEmbedding { get; }
    /// <summary>Item embeddings [items + 1, d].</summary>
    protected Embedding ItemEmbedding { get; }
    /// <summary>Category embeddings [categories + 1, d].</summary>
    protected Embedding CategoryEmbedding { get; }
    /// <summary>Embedding dimension d.</summary>
    protected int D => Options.EmbeddingDim;

    /// <summary>Creates the embeddings (of dimension <paramref name="dim"/>, default the options') for the vocabularies of <paramref name="data"/>.</summary>
    protected CtrModel(CtrModelOptions options, CtrVocabulary data, Generator generator, int? dim = null)
    {
        Options = options;
        if (options.EmbeddingDim < 1) throw new ArgumentException($"CTR model: EmbeddingDim must be positive, got {options.EmbeddingDim}.");
        int d = dim ?? options.EmbeddingDim;
        UserEmbedding = RegisterModule("user", NewEmbedding(data.Users + 1, d, generator));
        ItemEmbedding = RegisterModule("item", NewEmbedding(data.Items + 1, d, generator));
        CategoryEmbedding = RegisterModule("category", NewEmbedding(data.Categories + 1, d, generator));
    }

    private Embedding NewEmbedding(int rows, int dim, Generator generator)
    {
        var e = new Embedding(rows, dim, paddingIndex: 0, sparse: Options.SparseEmbeddings, generator: generator);
        var w = e.Weight.Storage.AsSpan(0, e.Weight.Numel);
        for (int i = 0; i < w.Length; i++) w[i] *= Options.EmbeddingInitStd;
        return e;
    }

    /// <summary>The id tables with the ids a batch reads from each (for mini-batch-aware regularisation).</summary>
    internal IEnumerable<(Embedding Table, IEnumerable<int> Ids)> TablesOf(CtrBatch b) =>
        TablesOf(b.Users, b.ItemIds, b.CategoryIds, b.HistoryItemIds, b.HistoryCategoryIds);

    /// <summary>The id tables with the ids a whole split reads from each (for counting ids).</summary>
    internal IEnumerable<(Embedding Table, IEnumerable<int> Ids)> TablesOf(BehaviorSamples s) =>
        TablesOf(s.User, s.Item, s.Category, s.HistoryItems, s.HistoryCategories);

    /// <summary>The id tables with the ids that these columns (of a batch or a whole dataset) read from each.</summary>
    internal IEnumerable<(Embedding Table, IEnumerable<int> Ids)> TablesOf(int[] user, int[] item, int[] category, int[] historyItems,
        int[] historyCategories) =>
    [
        (UserEmbedding, user),
        (ItemEmbedding, item.Concat(historyItems)),
        (CategoryEmbedding, category.Concat(historyCategories)),
    ];

    /// <summary>One logit per sample, [B].</summary>
    public abstract Tensor Logits(CtrBatch batch);

    /// <summary>Click probabilities σ(logit), [B], without autograd.</summary>
    public float[] Predict(CtrBatch batch)
    {
        using var _ = Tensor.NoGrad();
        return Logits(batch).Sigmoid().ToArray();
    }

    /// <summary>The candidate vector q = [item, category], [B, 2d].</summary>
    protected Tensor Candidate(CtrBatch b) => Tensor.Concat([ItemEmbedding.Forward(b.Item), CategoryEmbedding.Forward(b.Category)], 1);

    /// <summary>The behaviour vectors kⱼ = [itemⱼ, categoryⱼ], [B, L, 2d]; padding rows are zero.</summary>
    protected Tensor Behaviours(CtrBatch b) =>
        Tensor.Concat([ItemEmbedding.Forward(b.HistoryItems), CategoryEmbedding.Forward(b.HistoryCategories)], 2);

    /// <summary>The user vector, [B, d].</summary>
    protected Tensor UserVector(CtrBatch b) => UserEmbedding.Forward(b.User);

    /// <summary>
    /// An MLP: Linear → activation for each hidden width, then Linear to <paramref name="output"/> (no activation);
    /// learnable activations (Dice, PReLU) get one parameter set per unit.
    /// </summary>
    protected internal static Sequential Mlp(int input, IReadOnlyList<int> hidden, string activation, int output, Generator generator)
    {
        var layers = new Sequential();
        int width = input;
        foreach (int h in hidden)
        {
            layers.Add(new Linear(width, h, generator: generator));
            layers.Add(ActivationFor(activation, h));
            width = h;
        }
        if (output > 0) layers.Add(new Linear(width, output, generator: generator));
        return layers;
    }

    /// <summary>The activation module for <paramref name="units"/> units: learnable ones per unit.</summary>
    protected internal static Module ActivationFor(string activation, int units) =>
        LearnableActivations.Exists(activation) && !activation.Contains('(')
            ? LearnableActivations.Create($"{activation}(sharing=1)", units)
            : LearnableActivations.CreateModule(activation, units);

    /// <summary>The model's name (one of <see cref="Names"/>).</summary>
    public string Name { get; private set; } = "";

    /// <summary>The id spaces the model was built for.</summary>
    public CtrVocabulary Vocabulary { get; private set; } = new(0, 0, 0, 0);

    /// <summary>Builds model <paramref name="name"/> (see <see cref="Names"/>) for the vocabularies of <paramref name="data"/>.</summary>
    /// <exception cref="ArgumentException">An unknown model name or bad options.</exception>
    public static CtrModel Create(string name, BehaviorSamples data, CtrModelOptions? options = null, ulong seed = 0) =>
        Create(name, data.Vocabulary, options, seed);

    /// <summary>Builds model <paramref name="name"/> (see <see cref="Names"/>) for <paramref name="vocabulary"/>.</summary>
    /// <exception cref="ArgumentException">An unknown model name or bad options.</exception>
    public static CtrModel Create(string name, CtrVocabulary vocabulary, CtrModelOptions? options = null, ulong seed = 0)
    {
        options ??= new CtrModelOptions();
        var key = name.Trim().ToLowerInvariant();
        var model = Build(key, vocabulary, options, new Generator(seed));
        model.Name = key;
        model.Vocabulary = vocabulary;
        return model;
    }

    private static CtrModel Build(string name, CtrVocabulary data, CtrModelOptions options, Generator g) =>
        name switch
        {
            "lr" => new CtrLogistic(options, data, g),
            "dnn" => new CtrDnn(options, data, g),
            "deepfm" => new DeepFm(options, data, g),
            "din" => new Din(options, data, g),
            "finalmlp" => new FinalMlp(options, data, g, gated: true),
            "dualmlp" => new FinalMlp(options, data, g, gated: false),
            _ => throw new ArgumentException($"Unknown CTR model '{name}'. Valid: {string.Join(", ", Names)}."),
        };
}
