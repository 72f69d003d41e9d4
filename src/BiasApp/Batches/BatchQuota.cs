namespace BiasApp.Batches;

/// <summary>Today's quota as it limits batches: each row counts as one analysis.</summary>
/// <param name="Remaining">Analyses left today.</param>
/// <param name="DailyQuota">Analyses allowed per day.</param>
/// <param name="ResetsAt">When the count starts again.</param>
public sealed record BatchQuota(int Remaining, int DailyQuota, DateTimeOffset ResetsAt);
