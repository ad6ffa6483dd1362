using Activa.Data.Ctr;
using Activa.IO;
using Activa.Models.Ctr;

namespace Activa.Tests.Ctr;

public class CtrCheckpointTests
{
    [Theory]
    [InlineData("din")]
    [InlineData("finalmlp")]
    public void ASavedModelLoadsBackAndPredictsTheSame(string name)
    {
        var data = new SyntheticClicks { Users = 50, Items = 60, Categories = 5, SamplesPerUser = 4 }.Generate(1);
        var options = new CtrModelOptions { EmbeddingDim = 4, Hidden = [8, 4], SecondHidden = [8, 4], AttentionHidden = 4, FusionHeads = 2 };
        var model = CtrModel.Create(name, data.Train, options, seed: 9);
        model.Eval();
        var batch = new CtrBatch(data.Test, Enumerable.Range(0, data.Test.Count).ToArray());
        var path = Path.Combine(Path.GetTempPath(), $"activa-ctr-{Guid.NewGuid():N}.safetensors");
        try
        {
            CtrCheckpoint.Save(path, model, new CtrRunInfo(name, options, model.Vocabulary, "synthetic", 9));
            var (loaded, info) = CtrCheckpoint.Load(path);
            loaded.Eval();
            Assert.Equal(name, info.Model);
            Assert.Equal(data.Train.Vocabulary, info.Vocabulary);
            Assert.Equal(model.Predict(batch), loaded.Predict(batch));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void AClassifierCheckpointIsNotACtrCheckpoint()
    {
        var path = Path.Combine(Path.GetTempPath(), $"activa-ctr-{Guid.NewGuid():N}.safetensors");
        try
        {
            SafeTensors.Save(path, new Dictionary<string, Tensor> { ["w"] = Tensor.Zeros(2) }, new Dictionary<string, string> { ["activa.format"] = Checkpoint.Format });
            var e = Assert.Throws<CheckpointFormatException>(() => CtrCheckpoint.Load(path));
            Assert.Contains("not a CTR checkpoint", e.Message);
        }
        finally { File.Delete(path); }
    }
}
