namespace BiasApp.Admin;

/// <summary>
/// Model latency percentiles of accepted page and API analyses, in milliseconds, and how many there were (raw events only, so
/// within <c>Usage:RetentionDays</c>). Batch rows are left out: they are recorded with no latency of their own (0 ms).
/// </summary>
public sealed record LatencyPercentiles(double P50, double P95, double P99, int Count = 0);
