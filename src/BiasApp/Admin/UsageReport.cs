namespace BiasApp.Admin;

/// <summary>Body of <c>GET /api/v1/admin/usage</c> and the data of the dashboard.</summary>
public sealed record UsageReport(DateOnly From, DateOnly To, UsageTotals Totals, LatencyPercentiles Latency, IReadOnlyList<DailyTotal> Days, IReadOnlyList<UserUsage> Users);
