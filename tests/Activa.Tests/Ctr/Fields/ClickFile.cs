using System.Globalization;
using System.Text;
using Activa.Data.Ctr.Features;
using Activa.Tests.Ctr.Features;
using Activa.Training;

namespace Activa.Tests.Ctr.Fields;

/// <summary>
/// A small click log with a known signal, written as CSV with its schema: users (in 4 groups), items (in 4 groups of
/// 10), colours, a price, tags and a history of items mostly from the user's group. The true logit is
/// 1.5·effect(item) + 1.2·(colour + item even ? 1 : −1) + 0.8·z(price)·(colour &lt; 2 ? 1 : −1) + (history non-empty and
/// item in the user's group ? 1.5 : −0.5): an item main effect (what LR can learn), an interaction of two categorical
/// fields, one of a categorical and a numeric, and one of the candidate with the history (what DIN's attention sees).
/// </summary>
internal static class ClickFile
{
    public const string Header = "click,user,item,color,price,tags,history";

    public const string Schema = """
        { "label": { "column": "click" },
          "fields": [
            { "kind": "categorical", "column": "user" },
            { "kind": "categorical", "column": "item" },
            { "kind": "categorical", "column": "color" },
            { "kind": "numeric", "column": "price" },
            { "kind": "multiHot", "column": "tags" },
            { "kind": "sequence", "column": "history", "separator": " ", "maxLength": 8, "vocabularyFrom": "item" } ] }
        """;

    /// <summary>The CSV text of <paramref name="rows"/> rows and the AUC of the true probabilities on its last <paramref name="tail"/> rows.</summary>
    public static (string Csv, double CeilingAuc) Make(int rows, int seed, int tail)
    {
        var rng = new Random(seed);
        var effect = Enumerable.Range(0, 40).Select(_ => rng.Next(2) * 2 - 1).ToArray();
        var csv = new StringBuilder(Header).Append('\n');
        var p = new float[rows];
        var y = new int[rows];
        string[] tags = ["a", "b", "c", "d", "e"];
        for (int i = 0; i < rows; i++)
        {
            int user = rng.Next(80), item = rng.Next(40), color = rng.Next(4), group = user % 4, length = rng.Next(9);
            double price = 10 + 3 * Normal(rng);
            var history = Enumerable.Range(0, length).Select(_ => rng.NextDouble() < 0.8 ? group * 10 + rng.Next(10) : rng.Next(40)).ToArray();
            double logit = 1.5 * effect[item] + 1.2 * ((color + item) % 2 == 0 ? 1 : -1) + 0.8 * (price - 10) / 3 * (color < 2 ? 1 : -1)
                           + (length > 0 && item / 10 == group ? 1.5 : -0.5);
            p[i] = (float)(1 / (1 + Math.Exp(-logit)));
            y[i] = rng.NextDouble() < p[i] ? 1 : 0;
            var tagList = tags.Where(_ => rng.NextDouble() < 0.3);
            csv.Append(CultureInfo.InvariantCulture, $"{y[i]},u{user},i{item},c{color},{price:F3},{string.Join('|', tagList)},{string.Join(' ', history.Select(h => $"i{h}"))}\n");
        }
        return (csv.ToString(), Activa.Metrics.Binary.Auc(p.AsSpan(rows - tail), y.AsSpan(rows - tail)));
    }

    private static double Normal(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    /// <summary>A click file of <paramref name="rows"/> rows written to <paramref name="files"/>, its splits and the pipeline fitted on the training split.</summary>
    public static (FieldSplits Splits, FeaturePipeline Pipeline) Prepare(TempFiles files, int rows, int seed, int tail)
    {
        var (csv, _) = Make(rows, seed, tail);
        var spec = new CtrFileSpec { Data = files.Write(csv), Schema = files.Write(Schema, ".json") };
        var splits = CtrFileData.Split(spec);
        using var train = splits.Train.Open();
        return (splits, FeaturePipeline.Fit(CtrFileData.LoadSchema(spec), train));
    }
}
