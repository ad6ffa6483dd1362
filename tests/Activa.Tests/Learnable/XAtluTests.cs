using Activa.Activations;
using Activa.Activations.Learnable;

namespace Activa.Tests.Learnable;

/// <summary>xATLU: x·((1 + 2α)(½ + arctan(x)/π) − α).</summary>
public class XAtluTests
{
    internal static readonly LearnableSpec Spec = new("xatlu", (c, o) => new XAtlu(c, o), ExpandedReference.F(ExpandedReference.Atan));

    [Fact] public void ForwardMatchesReference() => LearnableKit.ForwardMatchesReference(Spec);
    [Fact] public void GradientsPassGradCheckInEverySharingMode() => LearnableKit.GradCheckAllSharing(Spec);
    [Fact] public void LargeInputsGiveTheReferenceGradients() => LearnableKit.LargeInput(Spec);
    [Fact] public void StateSurvivesRoundTrips() => LearnableKit.StateRoundTrip(Spec);
    [Fact] public void BadShapesAndOptionsThrow() => LearnableKit.BadShapesAndOptions(Spec);
    [Fact] public void RegistryCreatesIt() => LearnableKit.Registry<XAtlu>(Spec);
    [Fact] public void DeclaredPropertiesHold() => LearnableKit.DeclaredPropertiesHoldAtInit(new XAtlu(1));

    [Fact]
    public void AlphaStartsAtZeroAndExpandsTheGateRange()
    {
        var m = new XAtlu(3);
        Assert.Equal(0f, m.Alpha[0]);
        var e = new XAtlu(1, alpha: 0.5f);
        // Gate f(x)/x spans (−α, 1 + α).
        Assert.Equal(-0.5, e.Evaluate(-1e6) / -1e6, 4);
        Assert.Equal(1.5, e.Evaluate(1e6) / 1e6, 4);
    }

    [Fact]
    public void WideInputsStayAccurate()
    {
        var m = new XAtlu(1, alpha: 0.25f);
        var x = Tensor.FromArray([-1e6f, -300f, -1f, -1e-3f, 0f, 1e-3f, 1f, 300f, 1e6f], 9, 1);
        var y = m.Forward(x).ToArray();
        for (int i = 0; i < y.Length; i++)
        {
            double r = m.Evaluate(x.ToArray()[i]);
            Assert.True(Math.Abs(y[i] - r) <= 1e-6 * (1 + Math.Abs(r)), $"x = {x.ToArray()[i]}: {y[i]} vs {r}");
        }
    }
}
