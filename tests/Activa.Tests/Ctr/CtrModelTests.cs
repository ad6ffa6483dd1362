using Activa.Data.Ctr;
using Activa.Models.Ctr;
using Activa.Training;

namespace Activa.Tests.Ctr;

/// <summary>The CTR models: shapes, gradients reaching every parameter, and learning on the synthetic log.</summary>
/// <remarks>In the GlobalSettings collection like the other training tests: their parallel kernels share the worker pool
/// with the tests that change its thread count.</remarks>
[Collection("GlobalSettings")]
public class CtrModelTests
{
    private static readonly BehaviorSplits Data = new SyntheticClicks { Users = 300, Items = 200, Categories = 8, SamplesPerUser = 10 }.Generate(7);
    private static readonly CtrModelOptions Small = new() { EmbeddingDim = 4, Hidden = [16, 8], SecondHidden = [16, 8], AttentionHidden = 8, FusionHeads = 2 };

    public static TheoryData<string> Models() => [.. CtrModel.Names];

    [Theory]
    [MemberData(nameof(Models))]
    public void EveryModelGivesOneLogitPerSampleAndAGradientToEveryDenseParameter(string name)
    {
        var model = CtrModel.Create(name, Data.Train, Small, seed: 1);
        var batch = new CtrBatch(Data.Train, [0, 1, 2, 3, 4, 5, 6, 7]);
        var logits = model.Logits(batch);
        Assert.Equal([8], logits.Shape.ToArray());
        Activa.Losses.Loss.BinaryCrossEntropyWithLogits(logits, batch.Labels).Backward();
        foreach (var (pname, p) in model.NamedParameters())
            Assert.True(p.Grad != null || p.SparseGrad != null, $"{name}: no gradient reached {pname}");
        var probabilities = model.Predict(batch);
        Assert.All(probabilities, p => Assert.InRange(p, 0f, 1f));
    }

    [Fact]
    public void AnUnknownModelIsAnErrorListingTheValidOnes()
    {
        var e = Assert.Throws<ArgumentException>(() => CtrModel.Create("dien", Data.Train));
        Assert.Contains("din", e.Message);
        Assert.Throws<ArgumentException>(() => CtrModel.Create("finalmlp", Data.Train, Small with { FusionHeads = 3 }));
    }

    [Fact]
    public void DinAttentionWeightsAreZeroOnPaddingAndSoftmaxWeightsSumToOne()
    {
        var batch = new CtrBatch(Data.Train, [0, 1, 2]);
        var din = (Din)CtrModel.Create("din", Data.Train, Small);
        var w = din.AttentionWeights(batch).ToArray();
        var soft = ((Din)CtrModel.Create("din", Data.Train, Small with { AttentionSoftmax = true })).AttentionWeights(batch).ToArray();
        int l = batch.HistoryLength;
        for (int i = 0; i < 3; i++)
        {
            int len = Data.Train.HistoryLength[i];
            for (int j = len; j < l; j++) Assert.Equal(0f, w[i * l + j]);
            Assert.Equal(1f, soft.AsSpan(i * l, l).ToArray().Sum(), 4);
        }
    }

    /// <summary>The ordering claims on the synthetic log: DIN beats sum pooling (DNN) in AUC and gAUC.</summary>
    [Fact]
    public void DinLearnsTheSyntheticLogAndBeatsSumPooling()
    {
        var data = new SyntheticClicks { Users = 500 }.Generate(3);
        var train = new CtrTrainOptions { Epochs = 8, Seed = 3 };
        var options = new CtrModelOptions { EmbeddingDim = 8, Hidden = [64, 32] };
        var din = CtrTrainer.Fit(CtrModel.Create("din", data.Train, options, seed: 3), data, train);
        var dnn = CtrTrainer.Fit(CtrModel.Create("dnn", data.Train, options, seed: 3), data, train);
        Assert.True(din.Test.Auc > 0.75, $"DIN test AUC {din.Test.Auc:F3} (ceiling {data.CeilingAuc:F3})");
        Assert.True(din.Test.Auc <= data.CeilingAuc + 0.03);
        Assert.True(din.Test.Auc > dnn.Test.Auc, $"DIN {din.Test.Auc:F4} vs DNN {dnn.Test.Auc:F4}");
        Assert.True(din.Test.GroupAuc > dnn.Test.GroupAuc, $"gAUC: DIN {din.Test.GroupAuc:F4} vs DNN {dnn.Test.GroupAuc:F4}");
    }
}
