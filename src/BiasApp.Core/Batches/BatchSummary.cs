namespace BiasApp.Core.Batches;

/// <summary>Rates overall and per group.</summary>
public sealed record BatchSummary(GroupRate Overall, IReadOnlyList<GroupRate> Groups)
{
    /// <summary>
    /// Per kind (stereotype, portrayal, reported), the rate of rows with at least one sentence of that kind, overall and per
    /// group (<see cref="KindRate.Group"/>); a row can count under several kinds. Empty when the kinds were not summed up.
    /// </summary>
    public IReadOnlyList<KindRate> Kinds { get; init; } = [];
}
