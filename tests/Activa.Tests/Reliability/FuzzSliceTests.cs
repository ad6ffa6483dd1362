using Activa.Reliability.Fuzzing;

namespace Activa.Tests.Reliability;

/// <summary>
/// The CI slice of the fuzzer: 2,000 mutated inputs per parser (the unmutated seeds first), each bounded in time and
/// allocation; only the parser's documented exceptions may escape. The full run is
/// <c>activa fuzz --parser all --inputs 100000</c> (docs/reliability.md).
/// </summary>
public class FuzzSliceTests
{
    public static TheoryData<string> Parsers => [.. FuzzTargets.Names];

    [Theory]
    [MemberData(nameof(Parsers))]
    public void TwoThousandMutatedInputsGiveOnlyTypedErrors(string parser)
    {
        var target = Assert.Single(FuzzTargets.Select(parser));
        var report = FuzzRunner.Run(target, new FuzzOptions { Inputs = 2000, Seed = 20261206 });
        Assert.True(report.Failed == 0, $"{parser}: {report.Failed} failures: " + string.Join("; ",
            report.Failures.Select(f => $"{f.Count} x {f.Signature}: {f.Message} (input {f.FirstInput}, {f.Mutations})")));
        Assert.Equal(2000, report.Inputs);
        // Both outcomes occur: the mutations reach past the first check, and the parser does reject damage.
        Assert.True(report.Accepted > 0 && report.Rejected > 0, $"{parser}: {report.Accepted} accepted, {report.Rejected} rejected");
    }
}
