namespace Activa.Sparsity;

/// <summary>One stage of a <see cref="ProSparseSchedule"/>: <paramref name="Steps"/> optimiser steps over which the L1
/// factor rises to <paramref name="Lambda"/>.</summary>
/// <param name="Steps">Length of the stage in optimiser steps (&gt; 0).</param>
/// <param name="Lambda">The factor λᵢ reached at the end of the stage (≥ 0).</param>
public sealed record ProSparseStage(int Steps, float Lambda);

/// <summary>
/// ProSparse's progressive sparsity regularisation factor (Song et al., "ProSparse: Introducing and Enhancing Intrinsic
/// Activation Sparsity within Large Language Models", 2024): λ rises through stages along sine curves, so the
/// activation distribution shifts smoothly instead of at once. In stage i of length Tᵢ, at step t = 1…Tᵢ of the stage,
/// λ_t = λᵢ₋₁ + (λᵢ − λᵢ₋₁)·sin(π·t/(2·Tᵢ)), with λ₀ = 0; after the last stage λ stays at its final value. A stage whose
/// λ equals the previous one holds λ constant (a first stage at 0 is plain training after the swap to ReLU).
/// </summary>
public sealed class ProSparseSchedule
{
    /// <summary>The stages, in order.</summary>
    public IReadOnlyList<ProSparseStage> Stages { get; }

    /// <summary>Total steps of all stages.</summary>
    public int TotalSteps { get; }

    /// <summary>Creates the schedule.</summary>
    /// <exception cref="ArgumentException">No stages, a stage with no steps, or a negative or non-finite λ.</exception>
    public ProSparseSchedule(IReadOnlyList<ProSparseStage> stages)
    {
        ArgumentNullException.ThrowIfNull(stages);
        if (stages.Count == 0) throw new ArgumentException("ProSparse schedule: at least one stage is needed.", nameof(stages));
        for (int i = 0; i < stages.Count; i++)
        {
            if (stages[i].Steps <= 0) throw new ArgumentException($"ProSparse schedule: stage {i + 1} must have a positive number of steps, got {stages[i].Steps}.", nameof(stages));
            if (!(stages[i].Lambda >= 0) || !float.IsFinite(stages[i].Lambda))
                throw new ArgumentException($"ProSparse schedule: the λ of stage {i + 1} must be finite and ≥ 0, got {stages[i].Lambda}.", nameof(stages));
        }
        Stages = [.. stages];
        TotalSteps = stages.Sum(s => s.Steps);
    }

    /// <summary>The stage (0-based) that step <paramref name="step"/> (0-based) falls in; the last stage after the end.</summary>
    public int StageOf(int step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        for (int i = 0; i < Stages.Count; i++)
        {
            if (step < Stages[i].Steps) return i;
            step -= Stages[i].Steps;
        }
        return Stages.Count - 1;
    }

    /// <summary>λ at optimiser step <paramref name="step"/> (0-based; step 0 is the first step of stage 1, t = 1).</summary>
    public double Lambda(int step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        double previous = 0;
        foreach (var stage in Stages)
        {
            if (step < stage.Steps)
                return previous + (stage.Lambda - previous) * Math.Sin(Math.PI * (step + 1) / (2.0 * stage.Steps));
            step -= stage.Steps;
            previous = stage.Lambda;
        }
        return previous;
    }
}
