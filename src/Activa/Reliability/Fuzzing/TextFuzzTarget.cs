using System.Text;

namespace Activa.Reliability.Fuzzing;

/// <summary>
/// A parser of a text format (CSV, TSV, JSON): its seeds are strings, written as UTF-8, and the text mutations apply.
/// </summary>
/// <param name="name">The name used by <c>activa fuzz --parser</c>.</param>
/// <param name="description">What is parsed, through which API, in one line.</param>
/// <param name="extension">File extension of the inputs.</param>
/// <param name="allowed">The exception types (exact types) that are a clean rejection.</param>
public abstract class TextFuzzTarget(string name, string description, string extension, params Type[] allowed)
    : FuzzTarget(name, description, extension, isText: true, allowed)
{
    /// <inheritdoc/>
    protected sealed override IEnumerable<byte[]> CreateSeeds(string scratch) => CreateTextSeeds(scratch).Select(Encoding.UTF8.GetBytes);

    /// <summary>Builds the valid seed inputs as text; small, so that each parse is cheap.</summary>
    protected abstract IEnumerable<string> CreateTextSeeds(string scratch);
}
