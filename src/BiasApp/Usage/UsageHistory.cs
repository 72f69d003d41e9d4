namespace BiasApp.Usage;

/// <summary>Shapes <see cref="UsageStatus.LastDays"/> (days with usage only) for the usage page's chart and table.</summary>
public static class UsageHistory
{
    /// <summary>One entry per day for the <paramref name="count"/> days up to <paramref name="today"/>, oldest first; days without usage are zeros.</summary>
    public static IReadOnlyList<UsageDay> Dense(IReadOnlyList<UsageDay> days, DateOnly today, int count = UsageStatusQuery.HistoryDays)
    {
        var byDay = days.ToDictionary(d => d.Day);
        return [.. Enumerable.Range(0, count).Select(i => today.AddDays(i - count + 1))
            .Select(day => byDay.GetValueOrDefault(day) ?? new UsageDay(day, 0, 0, 0))];
    }

    /// <summary>Accepted analyses of a day that its raw events no longer split by channel (older than <c>Usage:RetentionDays</c>).</summary>
    public static int Unsplit(UsageDay day) => Math.Max(0, day.Requests - day.Page - day.Api - day.Batch);
}
