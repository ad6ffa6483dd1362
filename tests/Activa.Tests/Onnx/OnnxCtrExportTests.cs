using Activa.Data.Ctr;
using Activa.Models.Ctr;
using Activa.Onnx;

namespace Activa.Tests.Onnx;

/// <summary>Every CTR model on behaviour samples exported and run in ONNX Runtime gives Activa's logits and probabilities within 1e-5.</summary>
public sealed class OnnxCtrExportTests
{
    private static readonly BehaviorSplits Data = new SyntheticClicks { Users = 60, Items = 50, Categories = 6, SamplesPerUser = 6, MaxHistory = 7 }.Generate(31);

    private static void AssertExportMatches(string name, CtrModelOptions options)
    {
        var model = CtrModel.Create(name, Data.Train, options, 32);
        OnnxCheck.Perturb(model, 33, 0.05f);
        foreach (var dice in model.NamedModules().Select(m => m.Module).OfType<Activa.Activations.Learnable.Dice>())
            using (Tensor.NoGrad())
            {
                // running statistics as training leaves them
                dice.RunningMean.CopyFrom(Tensor.Uniform(dice.RunningMean.Shape.ToArray(), -0.1f, 0.1f, new Generator(34)));
                dice.RunningVar.CopyFrom(Tensor.Uniform(dice.RunningVar.Shape.ToArray(), 0.01f, 0.5f, new Generator(35)));
            }
        // an odd batch that includes samples with short (padded) histories
        int[] rows = [.. Enumerable.Range(0, Data.Train.Count).Where(i => i % 7 == 3).Take(9)];
        var batch = new CtrBatch(Data.Train, rows);
        Assert.Contains(batch.Mask.ToArray(), m => m == 0f);
        float[] expected;
        using (Tensor.NoGrad()) expected = model.Logits(batch).ToArray();
        var s = Data.Train;
        long[] Column(int[] values, int width) => [.. rows.SelectMany(r => values.Skip(r * width).Take(width)).Select(v => (long)v)];
        int l = s.MaxHistory, n = rows.Length;
        var inputs = new[]
        {
            OnnxCheck.Int64("user", Column(s.User, 1), n), OnnxCheck.Int64("item", Column(s.Item, 1), n), OnnxCheck.Int64("category", Column(s.Category, 1), n),
            OnnxCheck.Int64("history_items", Column(s.HistoryItems, l), n, l), OnnxCheck.Int64("history_categories", Column(s.HistoryCategories, l), n, l),
            OnnxCheck.Float("mask", batch.Mask),
        };
        var onnx = OnnxCtr.Model(model);
        OnnxCheck.Same(expected, OnnxCheck.Run(onnx, OnnxCtr.LogitOutput, inputs));
        OnnxCheck.Same([.. expected.Select(v => 1f / (1f + MathF.Exp(-v)))], OnnxCheck.Run(onnx, OnnxCtr.ProbabilityOutput, inputs));
    }

    private static CtrModelOptions Small => new() { EmbeddingDim = 4, Hidden = [12, 8], SecondHidden = [10, 8], AttentionHidden = 6, FusionHeads = 2 };

    [Theory]
    [InlineData("lr", "dice", false)]
    [InlineData("dnn", "dice", false)]
    [InlineData("dnn", "relu", false)]
    [InlineData("deepfm", "prelu", false)]
    [InlineData("din", "dice", false)]
    [InlineData("din", "prelu", true)]
    [InlineData("finalmlp", "dice", false)]
    [InlineData("finalmlp", "gelu", false)]
    [InlineData("dualmlp", "dice", false)]
    public void AnExportedCtrModelComputesWhatActivaComputes(string name, string activation, bool softmax) =>
        AssertExportMatches(name, Small with { Activation = activation, AttentionSoftmax = softmax });
}
