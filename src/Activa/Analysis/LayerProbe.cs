using Activa.Activations;
using Activa.Activations.Learnable;
using Activa.Nn;

namespace Activa.Analysis;

/// <summary>
/// The probe on one activation module: running statistics of its outputs (and inputs), the per-batch dynamic
/// dead-neuron rate and, for activations with two declared bounds, saturation. Created by <see cref="ActivationProbes"/>;
/// the statistics are allocated at the first batch, when the unit count is known.
/// </summary>
public sealed class LayerProbe
{
    private readonly ProbeOptions _options;
    private long _deadCount, _valueCount;

    internal LayerProbe(string name, Module module, ProbeOptions options)
    {
        Name = name;
        Module = module;
        _options = options;
        (Activation, Lower, Upper) = module switch
        {
            // declared bounds hold at default hyper-parameters only, i.e. when the spec is the bare name
            Act act => (act.ActivationName, act.Activation.Spec == act.Activation.Info.Name ? act.Activation.Info.Lower : double.NegativeInfinity,
                act.Activation.Spec == act.Activation.Info.Name ? act.Activation.Info.Upper : double.PositiveInfinity),
            // learned coefficients move a learnable activation's range: no saturation figure
            LearnableActivation learnable => (learnable.Describe().Name, double.NegativeInfinity, double.PositiveInfinity),
            _ => (module.GetType().Name, double.NegativeInfinity, double.PositiveInfinity),
        };
    }

    /// <summary>Dotted module name in the model.</summary>
    public string Name { get; }
    /// <summary>The probed module.</summary>
    public Module Module { get; }
    /// <summary>Activation spec or name.</summary>
    public string Activation { get; }
    /// <summary>Declared lower bound of the outputs used for saturation (−∞ when none applies).</summary>
    public double Lower { get; }
    /// <summary>Declared upper bound of the outputs used for saturation (+∞ when none applies).</summary>
    public double Upper { get; }
    /// <summary>Statistics of the outputs (null before the first batch).</summary>
    public UnitStatistics? Outputs { get; private set; }
    /// <summary>Statistics of the inputs, i.e. pre-activations (null before the first batch or when not collected).</summary>
    public UnitStatistics? Inputs { get; private set; }
    /// <summary>Forward passes recorded.</summary>
    public int Batches { get; private set; }
    /// <summary>Dynamic dead-neuron rate of each recorded batch, in order.</summary>
    public List<double> BatchDeadRates { get; } = [];
    /// <summary>Forward passes whose input could not be read because the module wrote its output over it (in place).</summary>
    public int InPlaceBatches { get; private set; }

    /// <summary>Records one forward pass.</summary>
    internal void Record(Tensor input, Tensor output)
    {
        Tensor outRows, inRows;
        using (Tensor.NoGrad())
        {
            outRows = DeadNeurons.AsRows(output, Name);
            Outputs ??= new UnitStatistics(outRows.Shape[1], _options, Lower, Upper);
            bool inputReadable = !input.SharesStorageWith(output);
            if (!inputReadable) InPlaceBatches++;
            long values = (long)outRows.Shape[0] * outRows.Shape[1];
            long outNonPositive = Outputs.Add(outRows);
            long dead = outNonPositive;
            if (_options.Inputs && inputReadable && Shape.SameShape(input.Shape, output.Shape))
            {
                inRows = DeadNeurons.AsRows(input, Name);
                Inputs ??= new UnitStatistics(inRows.Shape[1], _options);
                dead = Inputs.Add(inRows); // AP's definition: pre-activation z ≤ 0
            }
            double rate = values == 0 ? double.NaN : (double)dead / values;
            BatchDeadRates.Add(rate);
            _deadCount += dead;
            _valueCount += values;
            Batches++;
        }
    }

    /// <summary>The statistics so far as a record.</summary>
    public LayerSummary Summary()
    {
        var o = Outputs;
        var m = o?.Layer();
        var i = Inputs?.Layer();
        return new LayerSummary(Name, Activation, o?.Units ?? 0, o?.Rows ?? 0, Batches,
            m?.Mean ?? double.NaN, m?.Std ?? double.NaN, m?.Min ?? double.NaN, m?.Max ?? double.NaN,
            o?.ZeroFraction ?? double.NaN, o?.SmallFraction ?? double.NaN, o?.StaticDeadFraction ?? double.NaN,
            _valueCount == 0 ? double.NaN : (double)_deadCount / _valueCount, o?.SaturatedFraction ?? double.NaN,
            i?.Mean ?? double.NaN, i?.Std ?? double.NaN);
    }

    /// <summary>Forgets every batch (the unit count stays).</summary>
    public void Reset()
    {
        Outputs?.Reset();
        Inputs?.Reset();
        Batches = 0;
        InPlaceBatches = 0;
        BatchDeadRates.Clear();
        _deadCount = _valueCount = 0;
    }
}
