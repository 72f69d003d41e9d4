namespace BiasApp.Core.Batches;

/// <summary>The share of rows with at least one sentence of <paramref name="Kind"/>, in one group or overall.</summary>
/// <param name="Kind">stereotype, portrayal or reported.</param>
/// <param name="Group">The group, or <see cref="BatchStatistics.OverallGroup"/>.</param>
/// <param name="Rows">Rows of the group.</param>
/// <param name="Count">Rows with a sentence of the kind.</param>
/// <param name="Rate">Count / Rows; 0 for no rows.</param>
/// <param name="Lower">Wilson 95% lower bound.</param>
/// <param name="Upper">Wilson 95% upper bound.</param>
public sealed record KindRate(string Kind, string Group, int Rows, int Count, double Rate, double Lower, double Upper);
