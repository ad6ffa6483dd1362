using System.Text.Json.Serialization;

namespace Activa.Data.Ctr.Features;

/// <summary>What a schema field is and how it is encoded.</summary>
public enum FieldKind
{
    /// <summary>One value per row mapped to one id (vocabulary with min-count and an out-of-vocabulary id, or hashing).</summary>
    Categorical,
    /// <summary>A number, standardised (optionally after a signed log1p) or cut into quantile buckets (then an id).</summary>
    Numeric,
    /// <summary>A separated list of values (e.g. genres), encoded as a bag of ids, order ignored.</summary>
    MultiHot,
    /// <summary>A separated, time-ordered list (oldest first) of behaviours, padded or truncated to a fixed length.</summary>
    Sequence,
}

/// <summary>How a numeric field is transformed.</summary>
public enum NumericTransform
{
    /// <summary>(x − mean) / sd with the training mean and standard deviation.</summary>
    Standardize,
    /// <summary>sign(x)·log(1 + |x|), then standardised: for heavy-tailed counts such as Criteo's I1..I13.</summary>
    Log1pStandardize,
    /// <summary>Quantile buckets fitted on a bounded sample of the training values; the field becomes a categorical id.</summary>
    Buckets,
}

/// <summary>What to do with a numeric field that is empty (or null in Parquet).</summary>
public enum MissingPolicy
{
    /// <summary>Use the training mean (0 after standardisation); a bucketised field gets the out-of-vocabulary id 1.</summary>
    Mean,
    /// <summary>Use the raw value 0, then transform it like any other value.</summary>
    Zero,
    /// <summary>The row is malformed (skipped or fatal, as the <see cref="BadRowPolicy"/> says).</summary>
    Error,
}

/// <summary>
/// One field of a <see cref="FeatureSchema"/>. Which properties apply depends on <see cref="Kind"/>; the JSON names are
/// the camel-case property names (docs/ctr.md, "Feature pipeline").
/// </summary>
public sealed record FieldSpec
{
    /// <summary>Field name, unique in the schema (default: the column name).</summary>
    public string Name { get; init; } = "";
    /// <summary>Kind of field.</summary>
    public FieldKind Kind { get; init; }
    /// <summary>Source column (CSV header name, Criteo's I1..I13 / C1..C26, Parquet column).</summary>
    public string Column { get; init; } = "";

    /// <summary>Categorical, multi-hot, sequence: values seen fewer times in training map to the out-of-vocabulary id 1 (default 1).</summary>
    public int MinCount { get; init; } = 1;
    /// <summary>Categorical, multi-hot, sequence: hash values into this many buckets (ids 2..N+1) instead of a vocabulary.</summary>
    public int? HashBuckets { get; init; }
    /// <summary>Multi-hot, sequence: use the vocabulary (or hashing) of this categorical field instead of an own one;
    /// values of this field then count towards that vocabulary too.</summary>
    public string? VocabularyFrom { get; init; }

    /// <summary>Numeric: the transform (default standardize).</summary>
    public NumericTransform Transform { get; init; } = NumericTransform.Standardize;
    /// <summary>Numeric with <see cref="NumericTransform.Buckets"/>: number of quantile buckets (at least 2).</summary>
    public int? Buckets { get; init; }
    /// <summary>Numeric: what an empty value means (default mean).</summary>
    public MissingPolicy Missing { get; init; } = MissingPolicy.Mean;

    /// <summary>Multi-hot, sequence: the separator between items (default "|").</summary>
    public string Separator { get; init; } = "|";
    /// <summary>Multi-hot: at most this many items are kept, the first ones (default 32).</summary>
    public int MaxItems { get; init; } = 32;
    /// <summary>Sequence: length of the padded sequence; longer ones keep their most recent (last) items.</summary>
    public int MaxLength { get; init; }

    /// <summary>True when the field is encoded as one categorical id per row (categorical, or bucketised numeric).</summary>
    [JsonIgnore]
    public bool IsCategoricalId => Kind == FieldKind.Categorical || (Kind == FieldKind.Numeric && Transform == NumericTransform.Buckets);

    /// <summary>True for kinds whose values go through a vocabulary or hashing (all but numeric).</summary>
    [JsonIgnore]
    public bool HasVocabulary => Kind != FieldKind.Numeric;
}

/// <summary>
/// The label: column <see cref="Column"/> holds 0/1 (or true/false); with <see cref="Threshold"/> it is a number and the
/// label is 1 when it is at least the threshold (e.g. rating ≥ 4).
/// </summary>
public sealed record LabelSpec
{
    /// <summary>Label column.</summary>
    public string Column { get; init; } = "";
    /// <summary>Optional threshold on a numeric column.</summary>
    public double? Threshold { get; init; }
}
