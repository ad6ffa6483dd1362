namespace Activa.Reliability.Fuzzing;

/// <summary>How one input went.</summary>
public enum FuzzVerdict
{
    /// <summary>The parser accepted the input.</summary>
    Accepted,
    /// <summary>The parser rejected it with one of the target's allowed exceptions.</summary>
    Rejected,
    /// <summary>Another exception escaped, the parse took longer than the timeout, or it allocated too much.</summary>
    Failed,
}

/// <summary>One kind of failure: what went wrong, how often, and the first input that showed it.</summary>
/// <param name="Signature">Exception type and throwing method, or "hang" / "allocation".</param>
/// <param name="Message">The first occurrence's message (with the exception's stack top).</param>
/// <param name="Count">How many inputs failed this way.</param>
/// <param name="FirstInput">Index of the first such input in the run.</param>
/// <param name="Mutations">The mutations that produced it.</param>
/// <param name="SavedPath">Where the input was saved for replay (null when not saved).</param>
public sealed record FuzzFailure(string Signature, string Message, int Count, int FirstInput, string Mutations, string? SavedPath);

/// <summary>The figures of one parser's run.</summary>
/// <param name="Target">The parser's name.</param>
/// <param name="Inputs">Inputs run.</param>
/// <param name="Rejected">Inputs rejected cleanly (an allowed exception).</param>
/// <param name="Accepted">Inputs accepted.</param>
/// <param name="Failed">Inputs that failed.</param>
/// <param name="Elapsed">Wall time of the run.</param>
/// <param name="Failures">The distinct kinds of failure, most frequent first.</param>
/// <param name="Stopped">Why the run stopped early (a hang leaves a thread busy), or null.</param>
public sealed record FuzzReport(string Target, int Inputs, int Rejected, int Accepted, int Failed, TimeSpan Elapsed,
    IReadOnlyList<FuzzFailure> Failures, string? Stopped)
{
    /// <summary>Inputs per second.</summary>
    public double InputsPerSecond => Inputs / Math.Max(Elapsed.TotalSeconds, 1e-9);
}
