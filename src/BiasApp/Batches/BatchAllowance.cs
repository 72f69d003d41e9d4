namespace BiasApp.Batches;

/// <summary>
/// How big a batch its owner may start now: <paramref name="Rows"/> is the smaller of <paramref name="MaxRows"/> (the
/// per-batch limit) and what remains of today's quota; <paramref name="Quota"/> is null when usage is not metered.
/// </summary>
public sealed record BatchAllowance(int Rows, int MaxRows, BatchQuota? Quota);
