using Activa.Data.Ctr.Features;
using Activa.Models.Ctr;
using Activa.Models.Ctr.Fields;
using Activa.Nn;

namespace Activa.Onnx;

/// <summary>
/// ONNX export of the CTR models trained on a file through a feature pipeline (<see cref="FieldCtrModel"/>: lr, dnn,
/// deepfm, din, finalmlp, dualmlp). The graph starts after the pipeline: its inputs are the encoded ids and values a
/// <see cref="FeatureBatch"/> holds (<see cref="Feeds"/> makes them from one): "categorical" [batch, fields] int64 (the
/// categorical id columns in the layout's order), "numeric" [batch, fields] float, and per multi-hot or sequence field
/// one int64 input [batch, length] named after the field, padded with id 0 (bags to their longest row, sequences to
/// their maximum length). Outputs "logit" and "probability" [batch]. Bags and unattended sequences are pooled as the
/// model pools them (sum, or mean over the non-padding ids); DIN's attended sequences use the mask id ≠ 0.
/// </summary>
public static class OnnxFieldCtr
{
    /// <summary>The categorical-id input.</summary>
    public const string CategoricalInput = "categorical";
    /// <summary>The numeric-value input.</summary>
    public const string NumericInput = "numeric";

    /// <summary>The ONNX model (ModelProto bytes) of <paramref name="model"/> with its current weights.</summary>
    /// <exception cref="NotSupportedException">A model or layer without an ONNX form here (named).</exception>
    public static byte[] Model(FieldCtrModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var g = new OnnxGraph("activa-ctr-fields-" + model.Name);
        var parts = model.NamedChildren().ToDictionary(m => m.Name, m => m.Module);
        int width = model.Inputs.Width;
        string logit = model switch
        {
            FieldLogistic lr => LogisticNodes(g, lr),
            FieldDnn => Mlp(g, parts["mlp"], Flat(g, model, Slots(g, model.Inputs)), width, "mlp"),
            FieldDeepFm => DeepFmNodes(g, model, parts),
            FieldDin => DinNodes(g, model, parts),
            FieldFinalMlp => FinalMlpNodes(g, model, (TwoStreamMlp)parts["streams"]),
            _ => throw new NotSupportedException($"ONNX export has no form for the CTR model '{model.GetType().Name}'; it writes {string.Join(", ", FieldCtrModel.Names)}."),
        };
        logit = g.Node("Reshape", [logit, g.Int64("shape", [-1], 1)]);
        g.Output(OnnxCtr.LogitOutput, logit);
        g.Output(OnnxCtr.ProbabilityOutput, g.Node("Sigmoid", [logit]));
        return g.ToModel(Inputs(model.Layout), Outputs, OnnxExport.ProducerVersion);
    }

    /// <summary>Writes the ONNX model of <paramref name="model"/> to <paramref name="path"/>; returns a line naming its inputs and outputs and their shapes.</summary>
    public static string Save(string path, FieldCtrModel model)
    {
        File.WriteAllBytes(path, Model(model));
        return $"inputs {string.Join(", ", Inputs(model.Layout).Select(v => v.ToString()))}; outputs {string.Join(", ", Outputs.Select(v => v.ToString()))} (ids and values as the run's feature pipeline encodes them)";
    }

    /// <summary>One graph input's values: int64 ids or float values, and its dimensions.</summary>
    /// <param name="Name">The input's name.</param>
    /// <param name="Ids">The ids (int64 inputs), or null.</param>
    /// <param name="Values">The values (float inputs), or null.</param>
    /// <param name="Dims">The dimensions.</param>
    public sealed record Feed(string Name, long[]? Ids, float[]? Values, int[] Dims);

    /// <summary>The graph inputs for an encoded <paramref name="batch"/> of <paramref name="layout"/>'s fields (bags padded with id 0 to the longest).</summary>
    /// <exception cref="ArgumentException">A batch encoded for other fields.</exception>
    public static IReadOnlyList<Feed> Feeds(FieldLayout layout, FeatureBatch batch)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(batch);
        layout.Check(batch);
        int n = batch.Count;
        var feeds = new List<Feed>();
        if (layout.CategoricalFields.Count > 0)
            feeds.Add(new(CategoricalInput, [.. batch.Categorical.Select(v => (long)v)], null, [n, layout.CategoricalFields.Count]));
        if (layout.NumericFields.Count > 0) feeds.Add(new(NumericInput, null, batch.Numeric, [n, layout.NumericFields.Count]));
        foreach (var slot in layout.Slots)
        {
            if (slot.Kind == FieldSlotKind.Bag)
            {
                var bag = batch.Bags[slot.Column];
                int length = Math.Max(1, Enumerable.Range(0, n).Select(i => bag.Of(i).Length).DefaultIfEmpty(0).Max());
                var ids = new long[n * length];
                for (int i = 0; i < n; i++)
                {
                    var row = bag.Of(i);
                    for (int j = 0; j < row.Length; j++) ids[i * length + j] = row[j];
                }
                feeds.Add(new(InputName(slot), ids, null, [n, length]));
            }
            else if (slot.Kind == FieldSlotKind.Sequence)
            {
                var seq = batch.Sequences[slot.Column];
                feeds.Add(new(InputName(slot), [.. seq.Ids.Select(v => (long)v)], null, [n, seq.MaxLength]));
            }
        }
        return feeds;
    }

    private static readonly OnnxValue[] Outputs = [new(OnnxCtr.LogitOutput, OnnxGraph.FloatType, [-1]), new(OnnxCtr.ProbabilityOutput, OnnxGraph.FloatType, [-1])];

    /// <summary>A bag's or sequence's input name: its field name with characters other than letters, digits and '_' as '_'.</summary>
    private static string InputName(FieldSlot slot) => new([.. slot.Field.Select(c => char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_')]);

    private static OnnxValue[] Inputs(FieldLayout layout)
    {
        var inputs = new List<OnnxValue>();
        if (layout.CategoricalFields.Count > 0) inputs.Add(new(CategoricalInput, OnnxGraph.Int64Type, [-1, layout.CategoricalFields.Count]));
        if (layout.NumericFields.Count > 0) inputs.Add(new(NumericInput, OnnxGraph.FloatType, [-1, layout.NumericFields.Count]));
        foreach (var slot in layout.Slots.Where(s => s.Kind != FieldSlotKind.Categorical))
            inputs.Add(new(InputName(slot), OnnxGraph.Int64Type, [-1, -2]));
        if (inputs.Select(i => i.Name).Distinct().Count() != inputs.Count)
            throw new NotSupportedException($"ONNX export: the field names ({string.Join(", ", layout.Slots.Select(s => s.Field))}) give clashing input names ({string.Join(", ", inputs.Select(i => i.Name))}).");
        return [.. inputs];
    }

    private static string Table(OnnxGraph g, Embedding e) => OnnxCtr.Table(g, e);

    private static string Sum(OnnxGraph g, string x, params long[] axes) => OnnxCtr.Sum(g, x, axes);

    /// <summary>1 where the id is not padding (0), as float.</summary>
    private static string Present(OnnxGraph g, string ids) => g.Node("Cast", [g.Node("Not", [g.Node("Equal", [ids, g.Int64("zero", [0])])])], ("to", OnnxGraph.FloatType));

    /// <summary>
    /// Every slot's vector [B, d] in the layout's order — categorical ids looked up, bags and sequences pooled (sum, or
    /// mean over the ids present) — except attended sequences when <paramref name="attend"/>: null there, their keys
    /// [B, L, d] and mask [B, L] returned beside.
    /// </summary>
    private static (string?[] Slots, Dictionary<int, (string Keys, string Mask)> Histories) Slots(OnnxGraph g, FieldEmbeddings inputs, bool attend = false)
    {
        var layout = inputs.Layout;
        var slots = new string?[layout.Slots.Count];
        var histories = new Dictionary<int, (string, string)>();
        for (int s = 0; s < slots.Length; s++)
        {
            var slot = layout.Slots[s];
            var table = Table(g, inputs.TableOf(s));
            if (slot.Kind == FieldSlotKind.Categorical)
            {
                var ids = g.Node("Gather", [CategoricalInput, g.Int64("column", [slot.Column])], ("axis", 1));
                slots[s] = g.Node("Gather", [table, ids], ("axis", 0));
                continue;
            }
            var many = InputName(slot);
            var rows = g.Node("Gather", [table, many], ("axis", 0));                                        // [B, L, d]
            if (attend && slot.Kind == FieldSlotKind.Sequence && layout.Attended.Any(a => a.Sequence == s))
            {
                histories[s] = (rows, Present(g, many));
                continue;
            }
            var pooled = Sum(g, rows, 1);
            if (inputs.Pooling == BagMode.Mean)
            {
                var count = Sum(g, Present(g, many), 1);
                var scale = g.Node("Where", [g.Node("Greater", [count, g.Scalar("zero", 0f)]), g.Node("Reciprocal", [g.Node("Max", [count, g.Scalar("one", 1f)])]), g.Scalar("zero", 0f)]);
                pooled = g.Node("Mul", [pooled, g.Node("Unsqueeze", [scale, g.Int64("axes", [1], 1)])]);
            }
            slots[s] = pooled;
        }
        return (slots, histories);
    }

    /// <summary>[slots..., numeric] concatenated, [B, width].</summary>
    private static string Flat(OnnxGraph g, FieldCtrModel model, (string?[] Slots, Dictionary<int, (string, string)> _) x)
    {
        var parts = x.Slots.Select(s => s!).ToList();
        if (model.Layout.NumericFields.Count > 0) parts.Add(NumericInput);
        return parts.Count == 1 ? parts[0] : g.Node("Concat", [.. parts], ("axis", 1));
    }

    private static string Mlp(OnnxGraph g, Module mlp, string x, int width, string where) => OnnxCtr.Mlp(g, mlp, x, width, where);

    /// <summary>Logistic regression: b + Σ (one scalar per slot id, pooled) + wᵀ·numeric, [B].</summary>
    private static string LogisticNodes(OnnxGraph g, FieldLogistic model)
    {
        var (slots, _) = Slots(g, model.Inputs);
        var bias = model.NamedParameters().Single(p => p.Name == "bias").Parameter.ToArray()[0];
        string? logit = null;
        foreach (var s in slots) logit = logit == null ? Sum(g, s!, 1) : g.Node("Add", [logit, Sum(g, s!, 1)]);
        if (logit != null) logit = g.Node("Add", [logit, g.Scalar("bias", bias)]);
        // a schema has a categorical-like or a numeric field, so there is a slot or the dense part
        if (model.NamedChildren().FirstOrDefault(c => c.Name == "dense").Module is Linear dense)
        {
            var numeric = g.Node("Reshape", [OnnxLayers.Linear(g, dense, NumericInput, true), g.Int64("shape", [-1], 1)]);
            logit = logit == null ? g.Node("Add", [numeric, g.Scalar("bias", bias)]) : g.Node("Add", [logit, numeric]);
        }
        return logit!;
    }

    /// <summary>DeepFM: first order + MLP(flat) + ½Σ_d[(Σᵢvᵢ)² − Σᵢvᵢ²] over the slot vectors.</summary>
    private static string DeepFmNodes(OnnxGraph g, FieldCtrModel model, Dictionary<string, Module> parts)
    {
        var x = Slots(g, model.Inputs);
        var deep = g.Node("Reshape", [Mlp(g, parts["mlp"], Flat(g, model, x), model.Inputs.Width, "mlp"), g.Int64("shape", [-1], 1)]);
        var logit = g.Node("Add", [LogisticNodes(g, (FieldLogistic)parts["first_order"]), deep]);
        if (x.Slots.Length < 2) return logit;
        var v = g.Node("Concat", [.. x.Slots.Select(s => g.Node("Unsqueeze", [s!, g.Int64("axes", [1], 1)]))], ("axis", 1));   // [B, F, d]
        var sum = Sum(g, v, 1);
        var pairwise = g.Node("Mul", [Sum(g, g.Node("Sub", [g.Node("Mul", [sum, sum]), Sum(g, g.Node("Mul", [v, v]), 1)]), 1), g.Scalar("half", 0.5f)]);
        return g.Node("Add", [logit, pairwise]);
    }

    /// <summary>DIN: each attended sequence pooled by its local activation unit against its candidate's vector, then the MLP.</summary>
    private static string DinNodes(OnnxGraph g, FieldCtrModel model, Dictionary<string, Module> parts)
    {
        var x = Slots(g, model.Inputs, attend: true);
        var layout = model.Layout;
        for (int i = 0; i < layout.Attended.Count; i++)
        {
            var (sequence, candidate) = (layout.Attended[i].Sequence, layout.Attended[i].Candidate);
            var unit = (LocalActivationUnit)parts[$"attention{i}"];
            var (keys, mask) = x.Histories[sequence];
            var q = x.Slots[candidate]!;
            var qs = g.Node("Expand", [g.Node("Unsqueeze", [q, g.Int64("axes", [1], 1)]), g.Node("Shape", [keys])]);          // [B, L, d]
            var input = g.Node("Concat", [qs, keys, g.Node("Sub", [qs, keys]), g.Node("Mul", [qs, keys])], ("axis", 2));
            int w = 4 * model.Inputs.Dim;
            var scores = g.Node("Reshape", [Mlp(g, unit.NamedChildren().Single(c => c.Name == "mlp").Module, g.Node("Reshape", [input, g.Int64("shape", [-1, w], 2)]), w, $"attention{i}"),
                g.Node("Shape", [mask])]);
            string weights;
            if (!unit.Softmax) weights = g.Node("Mul", [scores, mask]);
            else
            {
                var masked = g.Node("Add", [g.Node("Mul", [scores, mask]), g.Node("Add", [g.Node("Mul", [mask, g.Scalar("big", 1e9f)]), g.Scalar("minus_big", -1e9f)])]);
                weights = g.Node("Mul", [g.Node("Softmax", [masked], ("axis", 1)), mask]);
            }
            x.Slots[sequence] = Sum(g, g.Node("Mul", [g.Node("Unsqueeze", [weights, g.Int64("axes", [2], 1)]), keys]), 1);
        }
        return Mlp(g, parts["mlp"], Flat(g, model, x), model.Inputs.Width, "mlp");
    }

    /// <summary>FinalMLP (gated streams and bilinear fusion) or DualMLP on e = flat inputs, both gates reading e.</summary>
    private static string FinalMlpNodes(OnnxGraph g, FieldCtrModel model, TwoStreamMlp s)
    {
        int width = model.Inputs.Width;
        var e = Flat(g, model, Slots(g, model.Inputs));
        return OnnxCtr.TwoStreams(g, s, e, e, e, width, width, width, model.Options);
    }
}
