using Activa.Activations.Learnable;
using Activa.Nn;

namespace Activa.Analysis;

/// <summary>
/// Probes on every activation module of a model (<see cref="Act"/> and the <see cref="LearnableActivation"/>s), attached
/// through forward hooks: <c>using var probes = ActivationProbes.Attach(model);</c> then run batches and read
/// <see cref="Summary"/>. Disposing removes every hook, so a model without probes pays nothing. For per-epoch
/// records during training, call <see cref="EndEpoch"/> at the end of each epoch (e.g. from
/// <c>Trainer.EpochCompleted</c>); it snapshots, reports and resets.
/// </summary>
public sealed class ActivationProbes : IDisposable
{
    private readonly List<IDisposable> _hooks = [];
    private readonly List<LayerProbe> _layers = [];
    private readonly List<ProbeEpoch> _history = [];
    private readonly IProgress<ProbeEpoch>? _progress;

    private ActivationProbes(ProbeOptions options, IProgress<ProbeEpoch>? progress)
    {
        Options = options;
        _progress = progress;
    }

    /// <summary>The settings in use.</summary>
    public ProbeOptions Options { get; }
    /// <summary>One probe per activation module, in model order.</summary>
    public IReadOnlyList<LayerProbe> Layers => _layers;
    /// <summary>The records made by <see cref="EndEpoch"/>, in order.</summary>
    public IReadOnlyList<ProbeEpoch> History => _history;
    /// <summary>Raised by <see cref="EndEpoch"/> with the epoch's record.</summary>
    public event Action<ProbeEpoch>? EpochEnded;
    /// <summary>True once disposed (no hooks left).</summary>
    public bool IsDisposed { get; private set; }

    /// <summary>True for the modules that get a probe: <see cref="Act"/> and every <see cref="LearnableActivation"/>.</summary>
    public static bool IsActivationModule(Module module) => module is Act or LearnableActivation;

    /// <summary>
    /// Attaches a probe to every activation module of <paramref name="model"/> (those <paramref name="filter"/> keeps,
    /// given the dotted name and the module).
    /// </summary>
    /// <param name="model">The model; a bare activation module works too.</param>
    /// <param name="options">Settings (default <see cref="ProbeOptions"/>).</param>
    /// <param name="progress">Receives each <see cref="ProbeEpoch"/> made by <see cref="EndEpoch"/>.</param>
    /// <param name="filter">Which activation modules to probe (default all).</param>
    /// <exception cref="ArgumentException">Invalid options, or no activation module to probe.</exception>
    public static ActivationProbes Attach(Module model, ProbeOptions? options = null, IProgress<ProbeEpoch>? progress = null,
        Func<string, Module, bool>? filter = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new ProbeOptions();
        options.Validate();
        var probes = new ActivationProbes(options, progress);
        foreach (var (name, module) in model.NamedModules())
        {
            if (!IsActivationModule(module) || (filter != null && !filter(name, module))) continue;
            var layer = new LayerProbe(name.Length == 0 ? module.GetType().Name : name, module, options);
            probes._layers.Add(layer);
            probes._hooks.Add(module.RegisterForwardHook((m, input, output) =>
            {
                if (options.Mode == ProbeMode.Training && !m.Training || options.Mode == ProbeMode.Evaluation && m.Training) return;
                layer.Record(input, output);
            }));
        }
        if (probes._layers.Count == 0)
            throw new ArgumentException($"ActivationProbes.Attach: {model.GetType().Name} has no activation module to probe (Act or a learnable activation){(filter != null ? " that the filter keeps" : "")}.", nameof(model));
        return probes;
    }

    /// <summary>A summary per probed layer of the batches seen since the last reset.</summary>
    public IReadOnlyList<LayerSummary> Summary() => [.. _layers.Select(l => l.Summary())];

    /// <summary>
    /// Closes an epoch: records the summaries as a <see cref="ProbeEpoch"/> in <see cref="History"/>, reports it to the
    /// progress sink and <see cref="EpochEnded"/>, then resets the statistics for the next epoch.
    /// </summary>
    public ProbeEpoch EndEpoch(int epoch)
    {
        var record = new ProbeEpoch(epoch, Summary());
        _history.Add(record);
        _progress?.Report(record);
        EpochEnded?.Invoke(record);
        Reset();
        return record;
    }

    /// <summary>Forgets every batch seen (the history stays).</summary>
    public void Reset()
    {
        foreach (var l in _layers) l.Reset();
    }

    /// <summary>Removes every hook; the statistics stay readable.</summary>
    public void Dispose()
    {
        if (IsDisposed) return;
        foreach (var h in _hooks) h.Dispose();
        _hooks.Clear();
        IsDisposed = true;
    }
}
