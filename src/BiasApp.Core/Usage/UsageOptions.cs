using System.ComponentModel.DataAnnotations;

namespace BiasApp.Core.Usage;

/// <summary>Limits and retention, bound to the <c>Usage</c> section. Limits can be overridden per user by an admin.</summary>
public sealed class UsageOptions
{
    public const string Section = "Usage";

    /// <summary>Analyses per user per minute. Default 30.</summary>
    [Range(1, 1_000_000)] public int RequestsPerMinute { get; set; } = 30;

    /// <summary>Analyses per user per hour. Default 600.</summary>
    [Range(1, 10_000_000)] public int RequestsPerHour { get; set; } = 600;

    /// <summary>Accepted analyses per user per UTC day. Default 2000.</summary>
    [Range(1, 100_000_000)] public int DailyQuota { get; set; } = 2000;

    /// <summary>Accepted analyses with an explanation per user per UTC day. Default 200.</summary>
    [Range(1, 100_000_000)] public int DailyExplanationQuota { get; set; } = 200;

    /// <summary>Days raw usage events are kept. Default 30.</summary>
    [Range(1, 3650)] public int RetentionDays { get; set; } = 30;

    /// <summary>Days daily aggregates are kept. Default 400.</summary>
    [Range(1, 36500)] public int AggregateRetentionDays { get; set; } = 400;

    /// <summary>How often old usage is trimmed. Default one hour.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")] public TimeSpan TrimInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long an admitted analysis holds its place in the daily quota when it is never recorded (its process died). Longer
    /// than any analysis runs. Default 10 minutes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")] public TimeSpan ReservationLifetime { get; set; } = TimeSpan.FromMinutes(10);
}
