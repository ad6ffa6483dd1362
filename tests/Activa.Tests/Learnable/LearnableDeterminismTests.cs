namespace Activa.Tests.Learnable;

/// <summary>Same bits with 1 and 2 threads (changes the global thread count, hence the collection).</summary>
[Collection("GlobalSettings")]
public class LearnableDeterminismTests
{
    public static TheoryData<string> Names => new() { "prelu", "swish-beta", "apa", "aglu", "xatlu", "xgelu", "xsilu", "cauchy", "snake", "sine", "elephant", "helu" };

    private static LearnableSpec Spec(string name) => name switch
    {
        "prelu" => PReluTests.Spec,
        "swish-beta" => SwishBetaTests.Spec,
        "apa" => ApaTests.Spec,
        "aglu" => AgluTests.Spec,
        "xatlu" => XAtluTests.Spec,
        "xgelu" => XGeluTests.Spec,
        "xsilu" => XSiluTests.Spec,
        "cauchy" => CauchyTests.Spec,
        "snake" => SnakeTests.Spec,
        "sine" => SirenTests.Spec,
        "elephant" => ElephantTests.Spec,
        _ => HeluTests.Spec,
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void ResultsDoNotDependOnTheThreadCount(string name) => LearnableKit.Deterministic(Spec(name));
}
