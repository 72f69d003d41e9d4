namespace BiasApp.Core.Batches;

/// <summary>Rates overall and per group.</summary>
public sealed record BatchSummary(GroupRate Overall, IReadOnlyList<GroupRate> Groups);
