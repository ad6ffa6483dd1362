using Activa.Reliability.Fuzzing.Targets;

namespace Activa.Reliability.Fuzzing;

/// <summary>Every parser the fuzzer covers, by name (<c>activa fuzz --parser NAME</c>).</summary>
public static class FuzzTargets
{
    /// <summary>Fresh instances of every target, in a fixed order.</summary>
    public static IReadOnlyList<FuzzTarget> All() =>
    [
        new IdxTarget(), new SafeTensorsTarget(), new MlpCheckpointTarget(), new CtrCheckpointTarget(), new ForecastCheckpointTarget(),
        new CtrCsvTarget(), new CriteoTsvTarget(), new CtrParquetTarget(), new CtrSchemaTarget(), new FeaturePipelineTarget(), new TimeSeriesCsvTarget(),
        new ModelConfigTarget(), new TrainProgressTarget(),
    ];

    /// <summary>The names of the targets.</summary>
    public static IReadOnlyList<string> Names => [.. All().Select(t => t.Name)];

    /// <summary>The target named <paramref name="name"/>, or every target for "all".</summary>
    /// <exception cref="ArgumentException">No such target; the message lists the valid names.</exception>
    public static IReadOnlyList<FuzzTarget> Select(string name)
    {
        if (string.Equals(name, "all", StringComparison.OrdinalIgnoreCase)) return All();
        return All().FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase)) is { } target
            ? [target]
            : throw new ArgumentException($"Unknown parser '{name}' for --parser. Valid: all, {string.Join(", ", Names)}.");
    }
}
