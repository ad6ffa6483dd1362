using Activa.Metrics;

namespace Activa.Tests.Ctr;

public class CtrMetricsTests
{
    [Fact]
    public void GroupAucWeightsEachUsersAucByImpressionsAndSkipsOneClassUsers()
    {
        // User 1: 4 samples, perfectly ranked (AUC 1). User 2: 2 samples, inverted (AUC 0). User 3: only positives (skipped).
        float[] scores = [0.9f, 0.8f, 0.1f, 0.2f, 0.3f, 0.7f, 0.5f, 0.6f];
        int[] labels = [1, 1, 0, 0, 1, 0, 1, 1];
        int[] users = [1, 1, 1, 1, 2, 2, 3, 3];
        Assert.Equal((4 * 1.0 + 2 * 0.0) / 6, Binary.GroupAuc(scores, labels, users), 12);
        Assert.Throws<ArgumentException>(() => Binary.GroupAuc([0.5f, 0.6f], [1, 1], [1, 2]));
        Assert.Throws<ArgumentException>(() => Binary.GroupAuc([0.5f], [1, 0], [1, 2]));
    }

    [Fact]
    public void RelaImprReproducesTheDinPapersFigures()
    {
        // DIN, MovieLens: BaseModel 0.7300; DIN 0.7337 -> 1.61 %; DIN with Dice 0.7348 -> 2.09 %; LR 0.7263 -> -1.61 %.
        Assert.Equal(1.61, Binary.RelaImpr(0.7337, 0.7300), 2);
        Assert.Equal(2.09, Binary.RelaImpr(0.7348, 0.7300), 2);
        Assert.Equal(-1.61, Binary.RelaImpr(0.7263, 0.7300), 2);
        Assert.Throws<ArgumentException>(() => Binary.RelaImpr(0.7, 0.5));
    }
}
