namespace BiasApp.Data;

/// <summary>What a quota decision needs: who, when, and the configured quotas that a user's own overrides replace.</summary>
/// <param name="UserId">The user.</param>
/// <param name="Now">The time of the request, UTC; its date is the quota day.</param>
/// <param name="DailyQuota">The configured daily analysis quota.</param>
/// <param name="DailyExplanationQuota">The configured daily quota of explained analyses.</param>
public sealed record QuotaRequest(string UserId, DateTime Now, int DailyQuota, int DailyExplanationQuota)
{
    /// <summary>The UTC day the request counts under.</summary>
    public DateOnly Day => DateOnly.FromDateTime(Now);
}
