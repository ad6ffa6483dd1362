using Activa.Models;
using Activa.Nn;

namespace Activa.Pruning;

/// <summary>The outcome of <see cref="MlpCompaction.Compact"/>.</summary>
/// <param name="Model">The smaller MLP.</param>
/// <param name="Config">Its config (the original with fewer hidden units).</param>
/// <param name="HiddenBefore">Hidden widths before.</param>
/// <param name="HiddenAfter">Hidden widths after.</param>
/// <param name="UnitsRemoved">Hidden units removed in all.</param>
/// <param name="ParametersBefore">Parameter count before (zeros included).</param>
/// <param name="ParametersAfter">Parameter count after (zeros included).</param>
public sealed record CompactionResult(Module Model, ModelConfig Config, IReadOnlyList<int> HiddenBefore, IReadOnlyList<int> HiddenAfter,
    int UnitsRemoved, long ParametersBefore, long ParametersAfter);
