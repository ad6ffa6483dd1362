using System.Globalization;

namespace Activa.Data.Ctr.Features;

/// <summary>
/// Reads the schema's columns of a source's current row: the label, the numbers of numeric fields (NaN for a missing
/// one under the mean policy) and the text of the others, or the reason the row is malformed.
/// </summary>
internal sealed class RowParser
{
    private readonly FeatureSchema _schema;
    private readonly IRowSource _source;
    private readonly int _labelColumn;
    private readonly int[] _columns;

    public float Label { get; private set; }
    /// <summary>Per field: the text (non-numeric fields; null read as empty).</summary>
    public string[] Text { get; }
    /// <summary>Per field: the number (numeric fields), NaN when missing under the mean policy.</summary>
    public double[] Number { get; }

    /// <exception cref="DataFormatException">The source lacks a column the schema names (the message names it).</exception>
    public RowParser(FeatureSchema schema, IRowSource source)
    {
        _schema = schema;
        _source = source;
        _labelColumn = Resolve("the label", schema.Label.Column);
        _columns = schema.Fields.Select(f => Resolve($"field '{f.Name}'", f.Column)).ToArray();
        Text = new string[schema.Fields.Count];
        Number = new double[schema.Fields.Count];
    }

    private int Resolve(string who, string column)
    {
        for (int i = 0; i < _source.Columns.Count; i++)
            if (string.Equals(_source.Columns[i], column, StringComparison.Ordinal)) return i;
        throw new DataFormatException(_source.Path,
            $"the feature schema's column '{column}' ({who}) is not in the file (columns: {string.Join(", ", _source.Columns.Take(50))})");
    }

    /// <summary>Parses the current row; null when it is well formed, else the reason (with its location and column).</summary>
    public string? Parse()
    {
        int expected = _source.Columns.Count;
        if (_source.RowFieldCount != expected)
            return $"{_source.Location}: {_source.RowFieldCount} fields, expected {expected}";
        var label = _source.Field(_labelColumn);
        if (string.IsNullOrWhiteSpace(label)) return $"{_source.Location}, column '{_schema.Label.Column}': empty label";
        if (ParseLabel(label.Trim()) is not float y)
            return $"{_source.Location}, column '{_schema.Label.Column}': label '{label}' is not "
                + (_schema.Label.Threshold is null ? "0 or 1" : "a number");
        Label = y;
        var fields = _schema.Fields;
        for (int f = 0; f < fields.Count; f++)
        {
            var spec = fields[f];
            var text = _source.Field(_columns[f]);
            if (spec.Kind != FieldKind.Numeric)
            {
                Text[f] = text ?? "";
                continue;
            }
            if (string.IsNullOrWhiteSpace(text))
            {
                switch (spec.Missing)
                {
                    case MissingPolicy.Mean: Number[f] = double.NaN; break;
                    case MissingPolicy.Zero: Number[f] = 0; break;
                    default: return $"{_source.Location}, column '{spec.Column}': missing value (field '{spec.Name}' has missing: error)";
                }
            }
            else if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v))
                Number[f] = v;
            else
                return $"{_source.Location}, column '{spec.Column}': '{text}' is not a finite number";
        }
        return null;
    }

    private float? ParseLabel(string text)
    {
        if (_schema.Label.Threshold is double t)
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)
                ? (v >= t ? 1f : 0f) : null;
        if (bool.TryParse(text, out bool b)) return b ? 1f : 0f;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && d is 0 or 1) return (float)d;
        return null;
    }

    /// <summary>Moves to the next well-formed row, applying <paramref name="policy"/> to malformed ones; false at the end.</summary>
    /// <exception cref="DataFormatException">A malformed row under <see cref="BadRowPolicy.Stop"/>.</exception>
    public bool Next(BadRowPolicy policy, ReadSummary summary)
    {
        while (_source.Read())
        {
            summary.Read();
            if (Parse() is not string reason) return true;
            if (policy == BadRowPolicy.Stop) throw new DataFormatException(_source.Path, reason);
            summary.Skip($"{_source.Path}: {reason}");
        }
        return false;
    }
}
