namespace BiasApp.Core.Batches;

/// <summary>The stereotype rate of one group of rows (or of all rows).</summary>
/// <param name="Group">The group name; <see cref="BatchStatistics.OverallGroup"/> for all rows, <see cref="BatchStatistics.UngroupedGroup"/> for rows without one.</param>
/// <param name="Rows">Rows scored, including too-short rows (<see cref="Analysis.Labels.TooShort"/>), which are never flagged.</param>
/// <param name="Flagged">Rows with at least one sentence at or above the threshold.</param>
/// <param name="Rate">Flagged / Rows; 0 for no rows.</param>
/// <param name="Lower">Wilson 95% lower bound.</param>
/// <param name="Upper">Wilson 95% upper bound.</param>
public sealed record GroupRate(string Group, int Rows, int Flagged, double Rate, double Lower, double Upper);
