namespace BiasApp.Admin;

/// <summary>One row of the per-user table.</summary>
public sealed record UserUsage(
    string UserId, string Email, bool IsAdmin, bool IsDisabled, int Requests, int Rejected, int Explanations, long Sentences, long Characters, int Keys,
    int? RequestsPerMinute, int? RequestsPerHour, int? DailyQuota, int? DailyExplanationQuota)
{
    /// <summary>The account was deleted; its usage stays, under its e-mail.</summary>
    public bool IsDeleted { get; init; }
}
