namespace BiasApp.Data;

/// <summary>A quota decision: whether a reservation was made (1), what today holds of the quota, and the quotas that apply.</summary>
public sealed class QuotaState
{
    public int Admitted { get; init; }
    public int Used { get; init; }
    public int DailyQuota { get; init; }
    public int DailyExplanationQuota { get; init; }
}
