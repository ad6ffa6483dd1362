namespace Activa.Pruning;

/// <summary>
/// One criterion's part of a pruning step: of the weights a cycle removes, the stages remove
/// <see cref="Share"/> each, in order (shares sum to 1). Plain magnitude pruning is one stage with share 1; AP on top
/// of magnitude pruning would be magnitude with 0.9 and AP's criterion with 0.1 (its default 2 % of 20 %).
/// </summary>
/// <param name="Criterion">How this stage ranks weights.</param>
/// <param name="Share">Fraction of the cycle's pruning done by this stage, in (0, 1].</param>
public sealed record PruningStage(IPruningCriterion Criterion, double Share);
