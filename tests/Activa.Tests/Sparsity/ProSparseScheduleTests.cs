using Activa.Sparsity;

namespace Activa.Tests.Sparsity;

/// <summary>ProSparse's sine-shaped λ stages.</summary>
public class ProSparseScheduleTests
{
    [Fact]
    public void LambdaRisesAlongSineCurvesToEachStagesValue()
    {
        var s = new ProSparseSchedule([new(4, 0f), new(10, 0.5f), new(4, 1.5f)]);
        Assert.Equal(18, s.TotalSteps);
        for (int t = 0; t < 4; t++) Assert.Equal(0, s.Lambda(t));                          // plain training after the swap
        Assert.Equal(0.5 * Math.Sin(Math.PI / 20), s.Lambda(4), 12);                        // t = 1 of stage 2
        Assert.Equal(0.5 * Math.Sin(Math.PI / 4), s.Lambda(8), 12);                         // halfway: sin(π/4)
        Assert.Equal(0.5, s.Lambda(13), 12);                                                // end of stage 2
        Assert.Equal(0.5 + 1.0 * Math.Sin(Math.PI * 2 / 8), s.Lambda(15), 12);             // stage 3 starts from 0.5
        Assert.Equal(1.5, s.Lambda(17), 12);
        Assert.Equal(1.5, s.Lambda(1000), 12);                                              // held after the end
        Assert.Equal([0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2], Enumerable.Range(0, 18).Select(s.StageOf));
        for (int t = 1; t < 18; t++) Assert.True(s.Lambda(t) >= s.Lambda(t - 1));       // monotone when the stages rise
    }

    [Fact]
    public void BadStagesAreRejected()
    {
        Assert.Throws<ArgumentException>(() => new ProSparseSchedule([]));
        Assert.Contains("stage 2", Assert.Throws<ArgumentException>(() => new ProSparseSchedule([new(3, 0f), new(0, 1f)])).Message);
        Assert.Contains("λ of stage 1", Assert.Throws<ArgumentException>(() => new ProSparseSchedule([new(3, -1f)])).Message);
        Assert.Throws<ArgumentException>(() => new ProSparseOptions { Lr = 0 }.Validate());
        Assert.Throws<ArgumentException>(() => new ProSparseOptions { Budget = -0.1 }.Validate());
    }
}
