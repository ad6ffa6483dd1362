namespace Activa.Reliability.Fuzzing;

/// <summary>
/// One parser under fuzzing: its valid seed inputs, how to run it on a file, and which exceptions count as a clean
/// rejection. Any other exception, a hang or an excessive allocation is a failure (<see cref="FuzzRunner"/>).
/// </summary>
/// <param name="name">The name used by <c>activa fuzz --parser</c>.</param>
/// <param name="description">What is parsed, through which API, in one line.</param>
/// <param name="extension">File extension of the inputs (the parser may dispatch on it).</param>
/// <param name="isText">True for text formats: enables the line, number and token mutations.</param>
/// <param name="allowed">The exception types (exact types, not subclasses) that are a clean rejection.</param>
public abstract class FuzzTarget(string name, string description, string extension, bool isText, params Type[] allowed)
{
    private IReadOnlyList<byte[]>? _seeds;

    /// <summary>The name used by <c>activa fuzz --parser</c>.</summary>
    public string Name { get; } = name;

    /// <summary>What is parsed, through which API, in one line.</summary>
    public string Description { get; } = description;

    /// <summary>File extension of the inputs (the parser may dispatch on it).</summary>
    public string Extension { get; } = extension;

    /// <summary>True for text formats: enables the line, number and token mutations.</summary>
    public bool IsText { get; } = isText;

    /// <summary>The exception types (exact types, not subclasses) that are a clean rejection.</summary>
    public IReadOnlyList<Type> Allowed { get; } = allowed;

    /// <summary>The valid seed inputs, built once in <paramref name="scratch"/> (a folder the target may write to).</summary>
    public IReadOnlyList<byte[]> Seeds(string scratch) => _seeds ??= CreateSeeds(scratch).ToArray();

    /// <summary>Builds the valid seed inputs; small, so that each parse is cheap.</summary>
    protected abstract IEnumerable<byte[]> CreateSeeds(string scratch);

    /// <summary>The size and offset fields of <paramref name="seed"/> (binary formats), for <see cref="MutationKind.LengthField"/>.</summary>
    public virtual IReadOnlyList<LengthField> LengthFields(byte[] seed) => [];

    /// <summary>Parses the file at <paramref name="path"/> the way the library or CLI does; returns normally if it is accepted.</summary>
    public abstract void Parse(string path);

    /// <summary>Whether <paramref name="e"/> is a clean rejection.</summary>
    public bool IsAllowed(Exception e) => Allowed.Contains(e.GetType());
}
