using Activa.Data.Ctr;
using Activa.IO;
using Activa.Losses;
using Activa.Models.Ctr;
using Activa.Models.Ctr.Scoring;
using Activa.Optim;

namespace Activa.Tests.Ctr;

/// <summary>
/// <see cref="CtrScorer"/>: the same probabilities as the model's evaluation-mode forward, no allocation per call, and
/// clear errors. In the GlobalSettings collection because the training steps use the shared worker pool.
/// </summary>
[Collection("GlobalSettings")]
public class ScoringTests
{
    private static readonly BehaviorSplits Data = new SyntheticClicks { Users = 100, Items = 120, Categories = 6, SamplesPerUser = 4 }.Generate(3);

    // Hidden widths that are not multiples of the lane count, so the padded columns are exercised.
    private static readonly CtrModelOptions Small = new() { EmbeddingDim = 8, Hidden = [24, 12], AttentionHidden = 12 };

    /// <summary>A model after a few training steps: Dice's running statistics and α, PReLU's slopes away from their start.</summary>
    private static CtrModel Trained(string name, CtrModelOptions options)
    {
        var model = CtrModel.Create(name, Data.Train, options, seed: 5);
        var adam = new Adam(model.Parameters(), 0.01f);
        var rng = new Random(1);
        for (int step = 0; step < 6; step++)
        {
            var batch = new CtrBatch(Data.Train, Enumerable.Range(0, 64).Select(_ => rng.Next(Data.Train.Count)).ToArray());
            var loss = Loss.BinaryCrossEntropyWithLogits(model.Logits(batch), batch.Labels);
            adam.ZeroGrad();
            loss.Backward();
            adam.Step();
        }
        model.Eval();
        return model;
    }

    /// <summary>The model's own evaluation-mode probabilities for one user's history against each candidate.</summary>
    private static float[] Expected(CtrModel model, int user, int[] hItems, int[] hCats, int[] cItems, int[] cCats)
    {
        int n = cItems.Length, l = Data.Train.MaxHistory;
        var histItems = new int[n * l];
        var histCats = new int[n * l];
        for (int i = 0; i < n; i++)
        {
            hItems.CopyTo(histItems, i * l);
            hCats.CopyTo(histCats, i * l);
        }
        var samples = new BehaviorSamples("scoring", l, Data.Train.Users, Data.Train.Items, Data.Train.Categories,
            Enumerable.Repeat(user, n).ToArray(), cItems, cCats, new float[n], histItems, histCats, Enumerable.Repeat(hItems.Length, n).ToArray());
        return model.Predict(new CtrBatch(samples, Enumerable.Range(0, n).ToArray()));
    }

    /// <summary>Users, histories of lengths 0, 1, a few and the maximum, and 1 to 300 candidates drawn at random.</summary>
    private static IEnumerable<(int User, int[] HItems, int[] HCats, int[] CItems, int[] CCats)> Cases()
    {
        var rng = new Random(11);
        var train = Data.Train;
        // The last case has several blocks of candidates in DIN's attention (about 32K unit values each).
        var shapes = new[] { 0, 1, 7, train.MaxHistory }.SelectMany(l => new[] { 1, 13, 40 }.Select(n => (l, n))).Append((train.MaxHistory, 300));
        foreach (var (length, n) in shapes)
        {
            var hItems = Enumerable.Range(0, length).Select(_ => rng.Next(1, train.Items + 1)).ToArray();
            var hCats = Enumerable.Range(0, length).Select(_ => rng.Next(1, train.Categories + 1)).ToArray();
            var cItems = Enumerable.Range(0, n).Select(_ => rng.Next(1, train.Items + 1)).ToArray();
            var cCats = Enumerable.Range(0, n).Select(_ => rng.Next(1, train.Categories + 1)).ToArray();
            yield return (rng.Next(1, train.Users + 1), hItems, hCats, cItems, cCats);
        }
    }

    private static void AssertScoresMatchTheModel(CtrModel model, CtrScorer scorer)
    {
        foreach (var (user, hItems, hCats, cItems, cCats) in Cases())
        {
            var expected = Expected(model, user, hItems, hCats, cItems, cCats);
            var actual = new float[cItems.Length];
            scorer.Score(user, hItems, hCats, cItems, cCats, actual);
            for (int i = 0; i < expected.Length; i++)
                Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5,
                    $"{scorer.Model}: history {hItems.Length}, candidate {i} of {cItems.Length}: model {expected[i]}, scorer {actual[i]}");
        }
    }

    [Theory]
    [InlineData("din", false, "dice")]
    [InlineData("din", true, "dice")]
    [InlineData("din", false, "prelu")]
    [InlineData("din", true, "relu")]
    [InlineData("dnn", false, "dice")]
    [InlineData("dnn", false, "gelu")]
    [InlineData("deepfm", false, "dice")]
    [InlineData("lr", false, "dice")]
    [InlineData("finalmlp", false, "dice")]
    [InlineData("finalmlp", false, "relu")]
    [InlineData("dualmlp", false, "prelu")]
    public void ScoresEqualTheModelsEvaluationModeProbabilities(string name, bool softmax, string activation)
    {
        var model = Trained(name, Small with { AttentionSoftmax = softmax, Activation = activation });
        // Small initial capacities: the workspaces must grow for the larger cases and still give the right scores.
        var scorer = new CtrScorer(model, maxCandidates: 4);
        AssertScoresMatchTheModel(model, scorer);
        Assert.True(scorer.CandidateCapacity >= 300);
        AssertScoresMatchTheModel(model, scorer.Clone());
    }

    [Theory]
    [InlineData("din", false)]
    [InlineData("din", true)]
    [InlineData("dnn", false)]
    public void TheWorkerPoolGivesTheSameBits(string name, bool softmax)
    {
        var model = Trained(name, Small with { AttentionSoftmax = softmax });
        int threads = Activa.Kernels.Parallelism.Threads;
        Activa.Kernels.Parallelism.Threads = 3;
        try
        {
            var serial = new CtrScorer(model);
            var pooled = new CtrScorer(model, parallel: true);
            foreach (var (user, hItems, hCats, cItems, cCats) in Cases())
            {
                var a = new float[cItems.Length];
                var b = new float[cItems.Length];
                serial.Score(user, hItems, hCats, cItems, cCats, a);
                pooled.Score(user, hItems, hCats, cItems, cCats, b);
                Assert.Equal(a, b);
            }
        }
        finally { Activa.Kernels.Parallelism.Threads = threads; }
    }

    [Fact]
    public void DiceUsesItsRunningStatisticsNotTheCandidatesBatchStatistics()
    {
        var model = Trained("din", Small);
        var dice = model.NamedModules().Select(m => m.Module).OfType<Activa.Activations.Learnable.Dice>().First();
        Assert.NotEqual(0f, dice.RunningMean.ToArray()[0]);
        var scorer = new CtrScorer(model);
        int[] hItems = [3, 4, 5], hCats = [1, 2, 3];
        var one = new float[1];
        var many = new float[3];
        scorer.Score(2, hItems, hCats, [7], [2], one);
        scorer.Score(2, hItems, hCats, [7, 50, 90], [2, 4, 6], many);
        Assert.Equal(one[0], many[0]);      // a candidate's score does not depend on the others in the call
    }

    [Theory]
    [InlineData("din", false)]
    [InlineData("dnn", false)]
    [InlineData("din", true)]
    [InlineData("deepfm", false)]
    [InlineData("finalmlp", false)]
    public void ACallAllocatesNothingInSteadyState(string name, bool softmax)
    {
        var model = CtrModel.Create(name, Data.Train, Small with { AttentionSoftmax = softmax }, seed: 2);
        model.Eval();
        var scorer = new CtrScorer(model, maxCandidates: 100);
        var rng = new Random(4);
        int l = Data.Train.MaxHistory;
        var hItems = Enumerable.Range(0, l).Select(_ => rng.Next(1, Data.Train.Items + 1)).ToArray();
        var hCats = Enumerable.Range(0, l).Select(_ => rng.Next(1, Data.Train.Categories + 1)).ToArray();
        var cItems = Enumerable.Range(0, 100).Select(_ => rng.Next(1, Data.Train.Items + 1)).ToArray();
        var cCats = Enumerable.Range(0, 100).Select(_ => rng.Next(1, Data.Train.Categories + 1)).ToArray();
        var p = new float[100];
        for (int i = 0; i < 3; i++) scorer.Score(1, hItems, hCats, cItems, cCats, p);     // JIT, static initialisation
        // Steady state: some round of 100 calls allocates nothing (a round may see the runtime's own one-off work on
        // this thread, such as tiered recompilation while other tests run; a real per-call allocation fails every round).
        long allocated = long.MaxValue;
        for (int round = 0; round < 5 && allocated != 0; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 100; i++) scorer.Score(1 + i % Data.Train.Users, hItems, hCats, cItems, cCats, p);
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }
        Assert.Equal(0, allocated);
        Assert.All(p, v => Assert.InRange(v, 0f, 1f));
    }

    [Fact]
    public void ACheckpointLoadsIntoAScorerWithTheSameScores()
    {
        var model = Trained("din", Small);
        var path = Path.Combine(Path.GetTempPath(), $"activa-scoring-{Guid.NewGuid():N}.safetensors");
        try
        {
            CtrCheckpoint.Save(path, model, new CtrRunInfo("din", Small, model.Vocabulary, "synthetic", 5));
            var fromFile = CtrScorer.Load(path);
            Assert.Equal("din", fromFile.Model);
            Assert.Equal(model.Vocabulary, fromFile.Vocabulary);
            AssertScoresMatchTheModel(model, fromFile);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void BadInputIsAnErrorNamingTheSpanAndTheValue()
    {
        var scorer = new CtrScorer(CtrModel.Create("din", Data.Train, Small));
        var p = new float[2];
        int[] two = [1, 2];
        var e = Assert.Throws<ArgumentException>(() => scorer.Score(1, two, [1], two, two, p));
        Assert.Contains("historyCategories", e.Message);
        e = Assert.Throws<ArgumentException>(() => scorer.Score(1, two, two, two, [1, 2, 3], p));
        Assert.Contains("candidateCategories", e.Message);
        e = Assert.Throws<ArgumentException>(() => scorer.Score(1, two, two, two, two, new float[3]));
        Assert.Contains("probabilities", e.Message);
        var r = Assert.Throws<ArgumentOutOfRangeException>(() => scorer.Score(1, two, two, [1, Data.Train.Items + 1], two, p));
        Assert.Contains($"candidateItems[1] = {Data.Train.Items + 1}", r.Message);
        r = Assert.Throws<ArgumentOutOfRangeException>(() => scorer.Score(1, [1, -3], two, two, two, p));
        Assert.Contains("historyItems[1] = -3", r.Message);
        r = Assert.Throws<ArgumentOutOfRangeException>(() => scorer.Score(1, two, [0, 99], two, two, p));
        Assert.Contains("historyCategories[1] = 99", r.Message);
        r = Assert.Throws<ArgumentOutOfRangeException>(() => scorer.Score(Data.Train.Users + 1, two, two, two, two, p));
        Assert.Contains($"user id {Data.Train.Users + 1}", r.Message);
        var tooLong = new int[Data.Train.MaxHistory + 1];
        e = Assert.Throws<ArgumentException>(() => scorer.Score(1, tooLong, tooLong, two, two, p));
        Assert.Contains($"at most {Data.Train.MaxHistory}", e.Message);
        Assert.Throws<ArgumentException>(() => new CtrScorer(CtrModel.Create("dnn", Data.Train, Small), maxCandidates: 0));
    }

    [Fact]
    public void AnUnsupportedLearnableActivationIsNamed()
    {
        var e = Assert.Throws<NotSupportedException>(() => new CtrScorer(CtrModel.Create("dnn", Data.Train, Small with { Activation = "pau" })));
        Assert.Contains("pau", e.Message);
    }
}
