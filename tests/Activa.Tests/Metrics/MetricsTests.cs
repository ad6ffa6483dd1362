using Activa.Metrics;

namespace Activa.Tests.Metrics;

public class MetricsTests
{
    [Fact]
    public void AccuracyAndConfusionMatrix()
    {
        int[] predicted = [0, 1, 2, 2, 1], labels = [0, 1, 1, 2, 0];
        Assert.Equal(0.6, Classification.Accuracy(predicted, labels), 12);
        var m = Classification.ConfusionMatrix(predicted, labels, 3);
        Assert.Equal(1, m[0, 0]);
        Assert.Equal(1, m[0, 1]);
        Assert.Equal(1, m[1, 1]);
        Assert.Equal(1, m[1, 2]);
        Assert.Equal(1, m[2, 2]);
        Assert.Equal(5, m.Cast<int>().Sum());
        Assert.Throws<ArgumentException>(() => Classification.Accuracy([0], [0, 1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Classification.ConfusionMatrix([3], [0], 3));
    }

    [Fact]
    public void TopKCountsTiesAgainstTheTrueClass()
    {
        var scores = Tensor.FromArray(new float[,] { { 0.1f, 0.5f, 0.4f }, { 0.3f, 0.3f, 0.3f }, { 0.9f, 0.05f, 0.05f } });
        int[] labels = [2, 0, 0];
        Assert.Equal(1 / 3.0, Classification.TopK(scores, labels, 1), 12);
        Assert.Equal(2 / 3.0, Classification.TopK(scores, labels, 2), 12);
        Assert.Equal(1.0, Classification.TopK(scores, labels, 3), 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => Classification.TopK(scores, labels, 4));
    }

    [Fact]
    public void AucMatchesPairCountingWithTies()
    {
        var g = new Generator(5);
        for (int trial = 0; trial < 20; trial++)
        {
            int n = 2 + g.NextInt(60);
            var scores = new float[n];
            var labels = new int[n];
            for (int i = 0; i < n; i++)
            {
                scores[i] = g.NextInt(6) / 5f; // many ties
                labels[i] = g.NextInt(2);
            }
            labels[0] = 0;
            labels[1] = 1;
            double pairs = 0, wins = 0;
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                    if (labels[i] == 1 && labels[j] == 0)
                    {
                        pairs++;
                        wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                    }
            Assert.Equal(wins / pairs, Binary.Auc(scores, labels), 12);
        }
        Assert.Equal(0.5, Binary.Auc([1f, 1f, 1f], [0, 1, 1]), 12);
        Assert.Contains("both classes", Assert.Throws<ArgumentException>(() => Binary.Auc([0.1f, 0.2f], [1, 1])).Message);
        Assert.Throws<ArgumentException>(() => Binary.Auc([float.NaN, 0.2f], [0, 1]));
        Assert.Throws<ArgumentException>(() => Binary.Auc([0.1f, 0.2f], [0, 2]));
    }

    [Fact]
    public void LogLossAndRegression()
    {
        Assert.Equal(-(Math.Log(0.8) + Math.Log(0.7)) / 2, Binary.LogLoss([0.8f, 0.3f], [1, 0]), 6);
        Assert.Equal(-Math.Log(1e-7), Binary.LogLoss([0f], [1]), 6);
        Assert.Equal((0.25 + 4) / 2, Regression.Mse([1.5f, 0f], [1f, 2f]), 12);
        Assert.Equal((0.5 + 2) / 2, Regression.Mae([1.5f, 0f], [1f, 2f]), 12);
        Assert.Throws<ArgumentException>(() => Regression.Mse([], []));
    }
}
