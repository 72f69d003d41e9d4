namespace BiasApp.Core.Usage;

/// <summary>The limits that apply to one user after overrides.</summary>
public sealed record UsageLimits(int RequestsPerMinute, int RequestsPerHour, int DailyQuota, int DailyExplanationQuota)
{
    /// <summary>Configured limits with any non-null override taking precedence.</summary>
    public static UsageLimits From(UsageOptions options, int? perMinute = null, int? perHour = null, int? daily = null, int? dailyExplanations = null) =>
        new(perMinute ?? options.RequestsPerMinute, perHour ?? options.RequestsPerHour,
            daily ?? options.DailyQuota, dailyExplanations ?? options.DailyExplanationQuota);
}
