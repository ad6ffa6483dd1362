using Activa.Nn;

namespace Activa.Pruning;

/// <summary>
/// Grows masks to a target sparsity with a criterion: the surviving weights with the lowest scores are pruned until
/// round(target × count) weights are pruned — over all prunable weights together (<see cref="PruningScope.Global"/>)
/// or tensor by tensor (<see cref="PruningScope.Layer"/>). Ties are broken by position (earlier tensor, then earlier
/// element first), so the result is deterministic. Masks only grow: a pruned weight is never revived.
/// </summary>
public static class Pruner
{
    /// <summary>Prunes <paramref name="model"/>'s weights to <paramref name="targetSparsity"/> with <paramref name="criterion"/>, then zeroes them in the model.</summary>
    /// <returns>The number of weights pruned by this call.</returns>
    /// <exception cref="ArgumentException">A target outside [0, 1), below the masks' current sparsity (per tensor with layer scope), or a NaN score.</exception>
    /// <exception cref="InvalidOperationException">The criterion left too few prunable (finite-score) weights to reach the target.</exception>
    public static long PruneTo(Module model, PruningMasks masks, IPruningCriterion criterion, double targetSparsity, PruningScope scope,
        PruningContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(masks);
        ArgumentNullException.ThrowIfNull(criterion);
        if (!(targetSparsity >= 0 && targetSparsity < 1))
            throw new ArgumentException($"Target sparsity must be in [0, 1), got {targetSparsity}.", nameof(targetSparsity));
        context ??= new PruningContext(model, masks);
        var weights = model.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter);
        var candidates = new List<Candidate>[masks.Names.Count];
        for (int t = 0; t < masks.Names.Count; t++)
        {
            string name = masks.Names[t];
            if (!weights.TryGetValue(name, out var w)) throw new ArgumentException($"Pruning mask for '{name}' names no parameter of the model.");
            var scores = new float[w.Numel];
            criterion.Score(context, name, w.Contiguous(), scores);
            var mask = masks[name];
            var list = new List<Candidate>();
            for (int i = 0; i < scores.Length; i++)
            {
                if (mask[i] == 0f) continue;
                if (float.IsNaN(scores[i])) throw new ArgumentException($"Pruning criterion '{criterion.Name}' gave a NaN score to '{name}'[{i}].");
                if (scores[i] != float.PositiveInfinity) list.Add(new Candidate(scores[i], t, i));
            }
            candidates[t] = list;
        }

        long pruned = 0;
        if (scope == PruningScope.Global)
        {
            long need = (long)Math.Round(targetSparsity * masks.Total) - masks.Pruned;
            if (need < 0) throw new ArgumentException($"Target sparsity {targetSparsity:G4} is below the current {masks.Sparsity:G4}; masks only grow.");
            pruned += PruneLowest(masks, candidates.SelectMany(c => c).ToArray(), need, criterion, "all prunable weights");
        }
        else
        {
            for (int t = 0; t < masks.Names.Count; t++)
            {
                string name = masks.Names[t];
                long need = (long)Math.Round(targetSparsity * masks[name].Length) - masks.PrunedIn(name);
                if (need < 0) throw new ArgumentException($"Target sparsity {targetSparsity:G4} is below the current {masks.SparsityOf(name):G4} of '{name}'; masks only grow.");
                pruned += PruneLowest(masks, candidates[t].ToArray(), need, criterion, $"'{name}'");
            }
        }
        masks.Apply(model);
        return pruned;
    }

    private static long PruneLowest(PruningMasks masks, Candidate[] candidates, long need, IPruningCriterion criterion, string where)
    {
        if (need == 0) return 0;
        if (need > candidates.Length)
            throw new InvalidOperationException($"Pruning criterion '{criterion.Name}' leaves {candidates.Length} prunable weights in {where}; {need} must go to reach the target.");
        Array.Sort(candidates);
        for (long k = 0; k < need; k++) masks.Prune(masks.Names[candidates[k].Tensor], candidates[k].Index);
        return need;
    }

    private readonly record struct Candidate(float Score, int Tensor, int Index) : IComparable<Candidate>
    {
        public int CompareTo(Candidate other)
        {
            int c = Score.CompareTo(other.Score);
            if (c != 0) return c;
            c = Tensor.CompareTo(other.Tensor);
            return c != 0 ? c : Index.CompareTo(other.Index);
        }
    }
}
