using System.Globalization;
using Activa.Data;
using Activa.Data.Ctr.Features;
using Parquet;
using Parquet.Schema;

namespace Activa.Reliability.Fuzzing.Targets;

/// <summary>
/// Click logs as Parquet read through a feature schema (<see cref="ParquetRowSource"/>, <see cref="FeaturePipeline.Fit"/>
/// then <see cref="FeaturePipeline.Transform(IRowSource)"/>); a clean rejection is a <see cref="DataFormatException"/>.
/// </summary>
public sealed class CtrParquetTarget() : FuzzTarget(
    "ctr-parquet", "CTR click-log Parquet through the feature pipeline (ParquetRowSource, FeaturePipeline.Fit, Transform)", ".parquet", isText: false, typeof(DataFormatException))
{
    /// <inheritdoc/>
    protected override IEnumerable<byte[]> CreateSeeds(string scratch)
    {
        yield return Write(Path.Combine(scratch, "uncompressed.parquet"), CompressionMethod.None, nullable: false, groupRows: 12);
        yield return Write(Path.Combine(scratch, "snappy.parquet"), CompressionMethod.Snappy, nullable: true, groupRows: 5);
    }

    /// <summary>The click log with click as int, price as double and the other columns as strings, in row groups of <paramref name="groupRows"/>.</summary>
    private static byte[] Write(string path, CompressionMethod compression, bool nullable, int groupRows) =>
        Task.Run(async () =>
        {
            var rows = Enumerable.Range(0, ClickLog.Rows).Select(ClickLog.Row).ToArray();
            var click = new DataField<int>("click");
            DataField price = nullable ? new DataField<double?>("price") : new DataField<double>("price");
            var text = new[] { "user", "ad", "age", "tags", "history" }.Select(n => new DataField<string>(n)).ToArray();
            int[] columns = [1, 2, 3, 5, 6];
            await using (var stream = File.Create(path))
            await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema([click, price, .. text]), stream, new ParquetOptions { CompressionMethod = compression }))
            {
                foreach (var group in rows.Chunk(groupRows))
                {
                    using var rg = writer.CreateRowGroup();
                    await rg.WriteAsync(click, new ReadOnlyMemory<int>([.. group.Select(r => int.Parse(r[0], CultureInfo.InvariantCulture))]));
                    var prices = group.Select(r => double.Parse(r[4], CultureInfo.InvariantCulture)).ToArray();
                    if (nullable) await rg.WriteAsync(price, new ReadOnlyMemory<double?>([.. prices.Select((p, i) => i == 1 ? null : (double?)p)]));
                    else await rg.WriteAsync(price, new ReadOnlyMemory<double>(prices));
                    for (int k = 0; k < text.Length; k++) await rg.WriteAsync(text[k], group.Select(r => r[columns[k]]).ToArray());
                }
            }
            return await File.ReadAllBytesAsync(path);
        }).GetAwaiter().GetResult();

    /// <inheritdoc/>
    public override IReadOnlyList<LengthField> LengthFields(byte[] seed) =>
        seed.Length >= 8 ? [new LengthField(seed.Length - 8, 4, false)] : []; // the footer length before the closing "PAR1"

    /// <inheritdoc/>
    public override void Parse(string path) => ClickLog.FitAndEncode(() => new ParquetRowSource(path));
}
