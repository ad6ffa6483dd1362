using Activa.Models.Ctr;
using Activa.Nn;

namespace Activa.Onnx;

/// <summary>
/// ONNX export of the CTR models on behaviour samples (<see cref="CtrModel"/>: lr, dnn, deepfm, din, finalmlp, dualmlp).
/// Inputs as a <see cref="CtrBatch"/> holds them: "user", "item", "category" [batch] and "history_items",
/// "history_categories" [batch, L] as int64 ids (0 = padding), "mask" [batch, L] float (1 for a behaviour, 0 for
/// padding; read by DIN only, but always an input so that every model takes the same feed). Outputs "logit" and
/// "probability" (σ(logit)) [batch]. Embeddings as Gather on the tables (padding row zeroed, as the lookup skips
/// padding ids), sum pooling as ReduceSum, DIN's local activation unit on [q, k, q − k, q ⊙ k] with Dice or PReLU as
/// their decompositions (<see cref="OnnxActivations"/>), the MLPs as <see cref="OnnxLayers"/> chains, FinalMLP's gates
/// and multi-head bilinear fusion as MatMul over the heads. Field models (<c>FieldCtrModel</c>, trained on a file through
/// a feature pipeline): <see cref="OnnxFieldCtr"/>.
/// </summary>
public static class OnnxCtr
{
    /// <summary>Names of the int64 id inputs, in order.</summary>
    public static readonly string[] IdInputs = ["user", "item", "category", "history_items", "history_categories"];
    /// <summary>Name of the float history-mask input.</summary>
    public const string MaskInput = "mask";
    /// <summary>Name of the logit output.</summary>
    public const string LogitOutput = "logit";
    /// <summary>Name of the click-probability output.</summary>
    public const string ProbabilityOutput = "probability";

    /// <summary>The ONNX model (ModelProto bytes) of <paramref name="model"/> with its current weights.</summary>
    /// <exception cref="NotSupportedException">A model or layer without an ONNX form here (named).</exception>
    public static byte[] Model(CtrModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        int l = model.Vocabulary.MaxHistory;
        if (l < 1) throw new NotSupportedException("ONNX export of a CTR model needs its vocabulary's history length (a model made by CtrModel.Create).");
        var g = new OnnxGraph("activa-ctr-" + model.Name);
        var parts = model.NamedChildren().ToDictionary(m => m.Name, m => m.Module);
        string logit = model switch
        {
            CtrLogistic lr => LogisticNodes(g, lr),
            CtrDnn => Mlp(g, parts["mlp"], Fields(g, model), 5 * model.Options.EmbeddingDim, "mlp"),
            DeepFm => DeepFmNodes(g, model, parts),
            Din din => DinNodes(g, din, parts),
            FinalMlp final => FinalMlpNodes(g, final),
            _ => throw new NotSupportedException($"ONNX export has no form for the CTR model '{model.GetType().Name}'; it writes {string.Join(", ", CtrModel.Names)}."),
        };
        logit = g.Node("Reshape", [logit, g.Int64("shape", [-1], 1)]);
        g.Output(LogitOutput, logit);
        g.Output(ProbabilityOutput, g.Node("Sigmoid", [logit]));
        return g.ToModel(Inputs(model), Outputs, OnnxExport.ProducerVersion);
    }

    /// <summary>Writes the ONNX model of <paramref name="model"/> to <paramref name="path"/>; returns a line naming its inputs and outputs and their shapes.</summary>
    public static string Save(string path, CtrModel model)
    {
        File.WriteAllBytes(path, Model(model));
        return $"inputs {string.Join(", ", Inputs(model).Select(v => v.ToString()))}; outputs {string.Join(", ", Outputs.Select(v => v.ToString()))}";
    }

    private static OnnxValue[] Inputs(CtrModel m)
    {
        long l = m.Vocabulary.MaxHistory;
        return
        [
            new("user", OnnxGraph.Int64Type, [-1]), new("item", OnnxGraph.Int64Type, [-1]), new("category", OnnxGraph.Int64Type, [-1]),
            new("history_items", OnnxGraph.Int64Type, [-1, l]), new("history_categories", OnnxGraph.Int64Type, [-1, l]),
            new(MaskInput, OnnxGraph.FloatType, [-1, l]),
        ];
    }

    private static readonly OnnxValue[] Outputs = [new(LogitOutput, OnnxGraph.FloatType, [-1]), new(ProbabilityOutput, OnnxGraph.FloatType, [-1])];

    /// <summary>The rows of <paramref name="table"/> for the ids <paramref name="ids"/>: [..ids, d], the padding row as zeros.</summary>
    private static string Lookup(OnnxGraph g, Module table, string ids) => g.Node("Gather", [Table(g, (Embedding)table), ids], ("axis", 0));

    /// <summary>An embedding table as a constant, its padding row zeroed (the lookup skips padding ids).</summary>
    internal static string Table(OnnxGraph g, Embedding e)
    {
        int rows = e.Weight.Size(0), d = e.Weight.Size(1);
        var w = e.Weight.ToArray();
        if (e.PaddingIndex is { } pad) Array.Clear(w, pad * d, d);
        return g.Constant("embedding", w, rows, d);
    }

    /// <summary>ReduceSum over <paramref name="axes"/>, dropping them.</summary>
    internal static string Sum(OnnxGraph g, string x, params long[] axes) =>
        g.Node("ReduceSum", [x, g.Int64("axes", axes, axes.Length)], ("keepdims", 0));

    /// <summary>The embedding tables of a model: user, item, category.</summary>
    private static (Module User, Module Item, Module Category) Tables(Module model)
    {
        var t = model.NamedChildren().ToDictionary(m => m.Name, m => m.Module);
        return (t["user"], t["item"], t["category"]);
    }

    /// <summary>(user [B, d], q = [item, category] [B, 2d], k = [itemⱼ, categoryⱼ] [B, L, 2d]).</summary>
    private static (string User, string Candidate, string Behaviours) Vectors(OnnxGraph g, Module model)
    {
        var (user, item, category) = Tables(model);
        return (Lookup(g, user, "user"),
            g.Node("Concat", [Lookup(g, item, "item"), Lookup(g, category, "category")], ("axis", 1)),
            g.Node("Concat", [Lookup(g, item, "history_items"), Lookup(g, category, "history_categories")], ("axis", 2)));
    }

    /// <summary>The field embeddings e = [user, q, Σⱼ kⱼ], [B, 5d].</summary>
    private static string Fields(OnnxGraph g, Module model)
    {
        var (user, q, k) = Vectors(g, model);
        return g.Node("Concat", [user, q, Sum(g, k, 1)], ("axis", 1));
    }

    /// <summary>An MLP (a Sequential) on <paramref name="x"/> [B, <paramref name="width"/>]; errors name <paramref name="where"/> and the layer.</summary>
    internal static string Mlp(OnnxGraph g, Module mlp, string x, int width, string where)
    {
        try
        {
            return OnnxLayers.Chain(g, ((Sequential)mlp).Layers, x, width, $"{where}: ").Value;
        }
        catch (NotSupportedException e) when (!e.Message.StartsWith(where, StringComparison.Ordinal))
        {
            throw new NotSupportedException($"{where}: {e.Message}", e);
        }
    }

    /// <summary>Logistic regression: b + w_user + w_item + w_category + Σⱼ (w_itemⱼ + w_categoryⱼ), [B].</summary>
    private static string LogisticNodes(OnnxGraph g, CtrLogistic model)
    {
        var (user, q, k) = Vectors(g, model);
        var bias = model.NamedParameters().Single(p => p.Name == "bias").Parameter.ToArray();
        var total = g.Node("Add", [g.Node("Add", [Sum(g, user, 1), Sum(g, q, 1)]), Sum(g, k, 1, 2)]);
        return g.Node("Add", [total, g.Scalar("bias", bias[0])]);
    }

    /// <summary>DeepFM: first order (its own logistic part) + ½Σ_d[(Σᵢvᵢ)² − Σᵢvᵢ²] + MLP(fields).</summary>
    private static string DeepFmNodes(OnnxGraph g, CtrModel model, Dictionary<string, Module> parts)
    {
        int d = model.Options.EmbeddingDim;
        var fields = Fields(g, model);
        var v = g.Node("Reshape", [fields, g.Int64("shape", [-1, 5, d], 3)]);
        var sum = Sum(g, v, 1);
        var pairwise = g.Node("Mul", [Sum(g, g.Node("Sub", [g.Node("Mul", [sum, sum]), Sum(g, g.Node("Mul", [v, v]), 1)]), 1), g.Scalar("half", 0.5f)]);
        var first = LogisticNodes(g, (CtrLogistic)parts["first_order"]);
        var deep = g.Node("Reshape", [Mlp(g, parts["mlp"], fields, 5 * d, "mlp"), g.Int64("shape", [-1], 1)]);
        return g.Node("Add", [g.Node("Add", [first, pairwise]), deep]);
    }

    /// <summary>
    /// DIN: weights a(kⱼ, q) = MLP([q, k, q − k, q ⊙ k]) masked (or softmax-normalised over the behaviours, padding at
    /// −10⁹), v = Σⱼ aⱼkⱼ, then MLP([user, q, v]).
    /// </summary>
    private static string DinNodes(OnnxGraph g, Din model, Dictionary<string, Module> parts)
    {
        int d = model.Options.EmbeddingDim, w = 2 * d;
        var (user, q, k) = Vectors(g, model);
        var qs = g.Node("Expand", [g.Node("Unsqueeze", [q, g.Int64("axes", [1], 1)]), g.Node("Shape", [k])]);          // [B, L, 2d]
        var unit = g.Node("Concat", [qs, k, g.Node("Sub", [qs, k]), g.Node("Mul", [qs, k])], ("axis", 2));              // [B, L, 8d]
        var flat = g.Node("Reshape", [unit, g.Int64("shape", [-1, 4 * w], 2)]);
        var scores = g.Node("Reshape", [Mlp(g, parts["attention"], flat, 4 * w, "attention"), g.Node("Shape", [MaskInput])]);   // [B, L]
        string weights;
        if (!model.Options.AttentionSoftmax) weights = g.Node("Mul", [scores, MaskInput]);
        else
        {
            var masked = g.Node("Add", [g.Node("Mul", [scores, MaskInput]), g.Node("Add", [g.Node("Mul", [MaskInput, g.Scalar("big", 1e9f)]), g.Scalar("minus_big", -1e9f)])]);
            weights = g.Node("Mul", [g.Node("Softmax", [masked], ("axis", 1)), MaskInput]);
        }
        var pooled = Sum(g, g.Node("Mul", [g.Node("Unsqueeze", [weights, g.Int64("axes", [2], 1)]), k]), 1);            // [B, 2d]
        return Mlp(g, parts["mlp"], g.Node("Concat", [user, q, pooled], ("axis", 1)), 5 * d, "mlp");
    }

    /// <summary>
    /// FinalMLP: oₖ = MLPₖ(2σ(gateₖ(cₖ)) ⊙ e), logit = w₁ᵀo₁ + b + w₂ᵀo₂ + Σₕ o₁,ₕᵀW₃,ₕo₂,ₕ; DualMLP: the two streams' logits summed.
    /// </summary>
    private static string FinalMlpNodes(OnnxGraph g, FinalMlp model)
    {
        int d = model.Options.EmbeddingDim;
        var (user, q, k) = Vectors(g, model);
        var pooled = Sum(g, k, 1);
        var e = g.Node("Concat", [user, q, pooled], ("axis", 1));
        return TwoStreams(g, model.Streams, e, g.Node("Concat", [user, pooled], ("axis", 1)), q, 5 * d, 3 * d, 2 * d, model.Options);
    }

    /// <summary>
    /// FinalMLP's streams on <paramref name="e"/> [B, <paramref name="width"/>], gated on <paramref name="context1"/> and
    /// <paramref name="context2"/>: oₖ = MLPₖ(2σ(gateₖ(cₖ)) ⊙ e), logit = w₁ᵀo₁ + b + w₂ᵀo₂ + Σₕ o₁,ₕᵀW₃,ₕo₂,ₕ; DualMLP
    /// (ungated): the two streams' logits summed.
    /// </summary>
    internal static string TwoStreams(OnnxGraph g, TwoStreamMlp s, string e, string context1, string context2, int width, int width1, int width2, CtrModelOptions options)
    {
        if (!s.Gated) return g.Node("Add", [Mlp(g, s.Stream1, e, width, "stream1"), Mlp(g, s.Stream2, e, width, "stream2")]);
        string Selected(Sequential gate, string context, int w, string where) =>
            g.Node("Mul", [g.Node("Mul", [g.Node("Sigmoid", [Mlp(g, gate, context, w, where)]), g.Scalar("two", 2f)]), e]);
        var o1 = Mlp(g, s.Stream1, Selected(s.Gate1!, context1, width1, "gate1"), width, "stream1");
        var o2 = Mlp(g, s.Stream2, Selected(s.Gate2!, context2, width2, "gate2"), width, "stream2");
        int heads = s.Heads, out1 = options.Hidden[^1], out2 = options.SecondHidden[^1];
        string Heads(string o, int w) => g.Node("Transpose", [g.Node("Reshape", [o, g.Int64("shape", [-1, heads, w / heads], 3)])], ("perm", new long[] { 1, 0, 2 }));
        var bilinear = Sum(g, g.Node("Mul", [g.Node("MatMul", [Heads(o1, out1), g.Constant("bilinear", s.Bilinear!.ToArray(), heads, out1 / heads, out2 / heads)]), Heads(o2, out2)]), 0, 2);
        var linear = g.Node("Add", [OnnxLayers.Linear(g, s.Linear1!, o1, true), OnnxLayers.Linear(g, s.Linear2!, o2, true)]);
        return g.Node("Add", [g.Node("Reshape", [linear, g.Int64("shape", [-1], 1)]), bilinear]);
    }
}
