using Activa.Data.Ctr;
using Activa.IO;
using Activa.Kernels;
using Activa.Nn;

namespace Activa.Models.Ctr.Scoring;

/// <summary>
/// In-process scoring for services: one user's behaviour history against N candidate items, with no allocation per
/// call in steady state. Built once from a trained <see cref="CtrModel"/> (or a checkpoint, <see cref="Load"/>): the
/// weights and the evaluation-mode activation coefficients (Dice's running statistics, PReLU's slopes) are copied into
/// plain arrays, and every call runs on preallocated workspaces with the library's GEMM and activation kernels — no
/// tensors, no autograd. Workspaces are sized for <c>maxCandidates</c> and the model's history length and grow (once)
/// when a call exceeds them.
/// </summary>
/// <remarks>
/// <para>Models: <c>din</c> — Zhou et al., "Deep Interest Network for Click-Through Rate Prediction", KDD 2018: the
/// local activation unit over every (candidate, behaviour) pair, the pooled interest, the MLP; with or without the
/// softmax; <c>dnn</c>, its sum-pooling base model; <c>deepfm</c> — Guo et al., "DeepFM: A Factorization-Machine based
/// Neural Network for CTR Prediction", IJCAI 2017: first order, pairwise term and MLP over the same five fields; and
/// <c>lr</c>; <c>finalmlp</c> and <c>dualmlp</c> — Mao et al., "FinalMLP: An Enhanced Two-Stream MLP Model for CTR
/// Prediction", AAAI 2023: gates, streams and bilinear fusion (<c>TwoStreamScoring</c>). DIN's attention first layer is split by linearity so that only
/// the q ⊙ k term is computed per pair (see <c>DinAttentionScoring</c>).</para>
/// <para>Scores equal the model's evaluation-mode <see cref="CtrModel.Predict"/> up to float rounding (the sums are
/// taken in another order). The scorer is a snapshot: training the model afterwards does not change it.</para>
/// <para>Threads: a scorer is not thread-safe (its workspaces are its own); give each serving thread its own, or
/// <see cref="Clone"/> one (the copies share the weights). By default a call runs on the calling thread only — a
/// service scores concurrent requests on its own threads, and the worker pool would allocate a small job per parallel
/// kernel; with <c>parallel: true</c> DIN's blocks of candidates and the larger GEMMs use <see cref="Parallelism"/>'s pool.</para>
/// </remarks>
public sealed class CtrScorer
{
    private readonly float[] _users, _items, _categories;
    private readonly int _d, _userCount, _itemCount, _categoryCount;
    private readonly DinAttentionScoring? _attention;
    private readonly ScoringMlp? _mlp;
    private readonly TwoStreamScoring? _streams;
    private readonly FirstOrder? _firstOrder;
    private readonly bool _factorisation;
    private readonly bool _parallel;
    private float[] _candidates = [], _behaviours = [], _inputs = [], _logits = [];
    private int _n, _l;

    /// <summary>Names of the models the scorer supports.</summary>
    public static IReadOnlyList<string> SupportedModels { get; } = ["din", "dnn", "deepfm", "lr", "finalmlp", "dualmlp"];

    /// <summary>One learned scalar per id and a bias: logistic regression, and DeepFM's first-order part.</summary>
    private sealed record FirstOrder(float[] Users, float[] Items, float[] Categories, float Bias)
    {
        public static FirstOrder From(CtrLogistic model)
        {
            var children = model.NamedChildren().ToDictionary(c => c.Name, c => c.Module);
            var bias = model.NamedParameters().First(p => p.Name == "bias").Parameter;
            return new(((Embedding)children["user"]).Weight.ToArray(), ((Embedding)children["item"]).Weight.ToArray(),
                ((Embedding)children["category"]).Weight.ToArray(), bias.ToArray()[0]);
        }
    }

    /// <summary>The model's name (one of <see cref="SupportedModels"/>).</summary>
    public string Model { get; }

    /// <summary>The id spaces: user ids 0..Users, item ids 0..Items, category ids 0..Categories (0 is the zero padding row).</summary>
    public CtrVocabulary Vocabulary { get; }

    /// <summary>Candidates the workspaces hold now (grown when a call has more).</summary>
    public int CandidateCapacity => _n;

    /// <summary>Behaviours the workspaces hold now (grown when a call has more, up to <see cref="CtrVocabulary.MaxHistory"/>).</summary>
    public int HistoryCapacity => _l;

    /// <summary>Builds a scorer from <paramref name="model"/> (a <see cref="Din"/>, <see cref="CtrDnn"/>, <see cref="DeepFm"/>,
    /// <see cref="CtrLogistic"/> or <see cref="FinalMlp"/>).</summary>
    /// <param name="model">The trained model; its weights are copied.</param>
    /// <param name="maxCandidates">Candidates per call to allocate for up front.</param>
    /// <param name="parallel">Share DIN's blocks of candidates and the larger GEMMs over <see cref="Parallelism"/>'s worker
    /// pool (lower latency for one large call; a small allocation per parallel step). Scores are the same bits either way.</param>
    /// <exception cref="NotSupportedException">Another model, or an activation the scorer does not implement; the message names it.</exception>
    /// <exception cref="ArgumentException"><paramref name="maxCandidates"/> is not positive.</exception>
    public CtrScorer(CtrModel model, int maxCandidates = 128, bool parallel = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (maxCandidates < 1) throw new ArgumentException($"CTR scoring: maxCandidates must be positive, got {maxCandidates}.", nameof(maxCandidates));
        Model = model switch
        {
            Din => "din",
            CtrDnn => "dnn",
            DeepFm => "deepfm",
            CtrLogistic => "lr",
            FinalMlp f => f.Gated ? "finalmlp" : "dualmlp",
            _ => throw new NotSupportedException(
                $"CTR scoring supports {string.Join(", ", SupportedModels)}; model '{(model.Name.Length > 0 ? model.Name : model.GetType().Name)}' is not supported."),
        };
        var children = model.NamedChildren().ToDictionary(c => c.Name, c => c.Module);
        var user = (Embedding)children["user"];
        var item = (Embedding)children["item"];
        var category = (Embedding)children["category"];
        _d = user.Weight.Dims[1];
        _users = user.Weight.ToArray();
        _items = item.Weight.ToArray();
        _categories = category.Weight.ToArray();
        _userCount = user.Weight.Dims[0] - 1;
        _itemCount = item.Weight.Dims[0] - 1;
        _categoryCount = category.Weight.Dims[0] - 1;
        int maxHistory = model.Vocabulary.MaxHistory > 0 ? model.Vocabulary.MaxHistory : 50;
        Vocabulary = new CtrVocabulary(_userCount, _itemCount, _categoryCount, model.Vocabulary.MaxHistory);
        if (model is Din) _attention = new DinAttentionScoring((Sequential)children["attention"], 2 * _d, model.Options.AttentionSoftmax);
        if (model is CtrLogistic logistic) _firstOrder = FirstOrder.From(logistic);
        else if (model is FinalMlp finalMlp) _streams = new TwoStreamScoring(finalMlp.Streams, _d);
        else
        {
            _mlp = new ScoringMlp((Sequential)children["mlp"], $"{Model}'s MLP");
            if (_mlp.Input != 5 * _d || _mlp.Output != 1)
                throw new NotSupportedException($"CTR scoring: {Model}'s MLP maps {_mlp.Input} → {_mlp.Output}, expected {5 * _d} → 1.");
        }
        if (model is DeepFm)
        {
            _firstOrder = FirstOrder.From((CtrLogistic)children["first_order"]);
            _factorisation = true;
        }
        _parallel = parallel;
        EnsureCapacity(maxCandidates, maxHistory);
    }

    private CtrScorer(CtrScorer source)
    {
        _users = source._users;
        _items = source._items;
        _categories = source._categories;
        (_d, _userCount, _itemCount, _categoryCount) = (source._d, source._userCount, source._itemCount, source._categoryCount);
        _attention = source._attention?.Clone();
        _mlp = source._mlp?.Clone();
        _streams = source._streams?.Clone();
        (_firstOrder, _factorisation) = (source._firstOrder, source._factorisation);
        _parallel = source._parallel;
        Model = source.Model;
        Vocabulary = source.Vocabulary;
        EnsureCapacity(source._n, source._l);
    }

    /// <summary>Loads a CTR checkpoint (<see cref="CtrCheckpoint"/>) and builds its scorer.</summary>
    /// <exception cref="CheckpointFormatException">Not a CTR checkpoint, or damaged.</exception>
    /// <exception cref="NotSupportedException">The checkpoint holds a model the scorer does not support.</exception>
    public static CtrScorer Load(string path, int maxCandidates = 128, bool parallel = false) =>
        new(CtrCheckpoint.Load(path).Model, maxCandidates, parallel);

    /// <summary>A scorer for another thread: the same (read-only) weights, its own workspaces.</summary>
    public CtrScorer Clone() => new(this);

    /// <summary>
    /// Click probabilities of <paramref name="candidateItems"/> (with <paramref name="candidateCategories"/>) for
    /// <paramref name="user"/> with the behaviours <paramref name="historyItems"/> / <paramref name="historyCategories"/>
    /// (oldest first, no padding: every entry is a behaviour), written to <paramref name="probabilities"/>.
    /// </summary>
    /// <exception cref="ArgumentException">Span lengths that do not match, a history longer than the model's
    /// <see cref="CtrVocabulary.MaxHistory"/>, or an id outside its vocabulary (the message names the span and index).</exception>
    public void Score(int user, ReadOnlySpan<int> historyItems, ReadOnlySpan<int> historyCategories,
        ReadOnlySpan<int> candidateItems, ReadOnlySpan<int> candidateCategories, Span<float> probabilities)
    {
        int n = candidateItems.Length, l = historyItems.Length;
        if (historyCategories.Length != l)
            throw new ArgumentException($"CTR scoring: historyItems has {l} entries but historyCategories has {historyCategories.Length}.", nameof(historyCategories));
        if (candidateCategories.Length != n)
            throw new ArgumentException($"CTR scoring: candidateItems has {n} entries but candidateCategories has {candidateCategories.Length}.", nameof(candidateCategories));
        if (probabilities.Length != n)
            throw new ArgumentException($"CTR scoring: {n} candidates but probabilities has room for {probabilities.Length}.", nameof(probabilities));
        if (Vocabulary.MaxHistory > 0 && l > Vocabulary.MaxHistory)
            throw new ArgumentException($"CTR scoring: {l} behaviours, but the model was trained on at most {Vocabulary.MaxHistory}: pass the most recent {Vocabulary.MaxHistory}.", nameof(historyItems));
        if ((uint)user > (uint)_userCount)
            throw new ArgumentOutOfRangeException(nameof(user), user, $"CTR scoring: user id {user} is outside 0..{_userCount}.");
        CheckIds(historyItems, _itemCount, nameof(historyItems), "item");
        CheckIds(historyCategories, _categoryCount, nameof(historyCategories), "category");
        CheckIds(candidateItems, _itemCount, nameof(candidateItems), "item");
        CheckIds(candidateCategories, _categoryCount, nameof(candidateCategories), "category");
        if (n == 0) return;

        EnsureCapacity(n, l);
        int d = _d, w = 2 * d, x = 5 * d;
        var q = _candidates.AsSpan(0, n * w);
        var k = _behaviours.AsSpan(0, l * w);
        var inputs = _inputs.AsSpan(0, n * x);
        for (int i = 0; i < n; i++) Pair(candidateItems[i], candidateCategories[i], q.Slice(i * w, w));
        for (int j = 0; j < l; j++) Pair(historyItems[j], historyCategories[j], k.Slice(j * w, w));
        var userRow = _users.AsSpan(user * d, d);
        for (int i = 0; i < n; i++)
        {
            userRow.CopyTo(inputs.Slice(i * x, d));
            q.Slice(i * w, w).CopyTo(inputs.Slice(i * x + d, w));
        }
        if (_parallel) Compute(n, l);
        else Parallelism.For(1, new SerialBody(this, n, l));    // one item: runs here, and the kernels inside stay on this thread
        if (_firstOrder is { } f)
        {
            float shared = f.Bias + f.Users[user];
            for (int j = 0; j < l; j++) shared += f.Items[historyItems[j]] + f.Categories[historyCategories[j]];
            for (int i = 0; i < n; i++) _logits[i] += shared + f.Items[candidateItems[i]] + f.Categories[candidateCategories[i]];
        }
        for (int i = 0; i < n; i++) probabilities[i] = VectorMath.Sigmoid<Float1>(_logits[i]).V;
    }


    private readonly struct SerialBody(CtrScorer scorer, int n, int l) : IParallelBody
    {
        public void Run(int index) => scorer.Compute(n, l);
    }

    // Pools the history into columns 3d..5d of the input rows, then runs the MLP (and DeepFM's pairwise term) into _logits.
    private void Compute(int n, int l)
    {
        int d = _d, w = 2 * d, x = 5 * d;
        var q = _candidates.AsSpan(0, n * w);
        var k = _behaviours.AsSpan(0, l * w);
        var inputs = _inputs.AsSpan(0, n * x);
        if (_attention != null) _attention.Pool(_candidates, _behaviours, n, l, inputs[(3 * d)..], x, _parallel ? Parallelism.Threads : 1);
        else
        {
            var pooled = inputs.Slice(3 * d, w);
            pooled.Clear();
            for (int j = 0; j < l; j++) Elementwise.Zip(new AddOp(), pooled, k.Slice(j * w, w), pooled);
            for (int i = 1; i < n; i++) pooled.CopyTo(inputs.Slice(i * x + 3 * d, w));
        }
        var logits = _logits.AsSpan(0, n);
        logits.Clear();
        if (_mlp != null)
        {
            var output = _mlp.Run(inputs, x, n, out int stride);
            for (int i = 0; i < n; i++) logits[i] = output[i * stride];
        }
        _streams?.Logits(inputs, n, logits);
        if (_factorisation)
            for (int i = 0; i < n; i++) logits[i] += Pairwise(inputs.Slice(i * x, x), d);
    }

    // DeepFM's second-order term over the five d-vectors of an input row [user, item, category, Σ items, Σ categories]:
    // ½ Σₜ [(Σ_f v_f,t)² − Σ_f v_f,t²].
    private static float Pairwise(ReadOnlySpan<float> row, int d)
    {
        float total = 0;
        for (int t = 0; t < d; t++)
        {
            float sum = 0, squares = 0;
            for (int f = 0; f < 5; f++)
            {
                float v = row[f * d + t];
                sum += v;
                squares += v * v;
            }
            total += sum * sum - squares;
        }
        return 0.5f * total;
    }

    private void Pair(int item, int category, Span<float> destination)
    {
        _items.AsSpan(item * _d, _d).CopyTo(destination);
        _categories.AsSpan(category * _d, _d).CopyTo(destination[_d..]);
    }

    private static void CheckIds(ReadOnlySpan<int> ids, int count, string span, string kind)
    {
        for (int i = 0; i < ids.Length; i++)
            if ((uint)ids[i] > (uint)count)
                throw new ArgumentOutOfRangeException(span, ids[i], $"CTR scoring: {span}[{i}] = {ids[i]} is outside the {kind} ids 0..{count}.");
    }

    private void EnsureCapacity(int n, int l)
    {
        if (n <= _n && l <= _l) return;
        n = Math.Max(n, _n);
        l = Math.Max(l, _l);
        int w = 2 * _d;
        _candidates = new float[n * w];
        _behaviours = new float[l * w];
        _inputs = new float[n * 5 * _d];
        _logits = new float[n];
        _attention?.EnsureCapacity(n, l);
        _mlp?.EnsureRows(n);
        _streams?.EnsureRows(n);
        (_n, _l) = (n, l);
    }
}
