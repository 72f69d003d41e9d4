using BiasApp.Core.Usage;

namespace BiasApp.Usage;

/// <summary>Body of <c>GET /api/v1/usage</c>.</summary>
public sealed record UsageStatus(
    string? Email, UsageDay Today, UsageLimits Limits, int RemainingToday, int RemainingExplanationsToday, DateTimeOffset ResetsAt,
    IReadOnlyList<UsageDay> LastDays);
