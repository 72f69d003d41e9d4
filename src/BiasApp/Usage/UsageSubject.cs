namespace BiasApp.Usage;

/// <summary>Who a metered request is counted against: a user id or <c>ip:ADDRESS</c>, with that caller's limits. A null key is not limited.</summary>
public sealed record UsageSubject(string? Key, int PerMinute, int PerHour)
{
    public static readonly UsageSubject Unmetered = new(null, 0, 0);
}
