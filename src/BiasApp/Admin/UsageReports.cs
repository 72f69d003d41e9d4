using System.Globalization;
using BiasApp.Data;
using BiasApp.Usage;
using CsvHelper;
using Microsoft.EntityFrameworkCore;

namespace BiasApp.Admin;

/// <summary>Builds usage reports from the daily aggregates, and sets users' limit overrides (other account changes: <see cref="UserAdministration"/>).</summary>
public sealed class UsageReports(IDbContextFactory<BiasDbContext> dbs, UserLimits limits)
{
    /// <summary>Usage from <paramref name="from"/> to <paramref name="to"/> (UTC days, inclusive), every account listed, busiest first.</summary>
    public async Task<UsageReport> BuildAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var rows = await db.DailyUsage.AsNoTracking().Where(d => d.Day >= from && d.Day <= to).ToListAsync(cancellationToken);
        var accounts = await db.Users.AsNoTracking().ToListAsync(cancellationToken);
        var adminIds = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where r.Name == Roles.Admin select ur.UserId)
            .ToListAsync(cancellationToken);
        var keyCounts = await db.ApiKeys.GroupBy(k => k.UserId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);

        var start = from.ToDateTime(TimeOnly.MinValue);
        var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue);
        var latencies = await db.UsageEvents.AsNoTracking()
            .Where(e => e.At >= start && e.At < end && e.Outcome == UsageOutcomes.Ok
                && e.Channel != UsageChannels.Batch && e.Channel != UsageChannels.Feedback)
            .Select(e => e.LatencyMs).ToListAsync(cancellationToken);
        latencies.Sort();

        var requests = rows.Sum(r => r.Requests);
        var explanations = rows.Sum(r => r.Explanations);
        var totals = new UsageTotals(requests, rows.Sum(r => r.Rejected), rows.Sum(r => r.Errors), explanations,
            requests == 0 ? 0 : Math.Round((double)explanations / requests, 4), rows.Sum(r => r.Sentences), rows.Sum(r => r.Characters));
        var byDay = rows.GroupBy(r => r.Day).ToDictionary(g => g.Key, g => (Requests: g.Sum(r => r.Requests), Rejected: g.Sum(r => r.Rejected)));
        var days = Enumerable.Range(0, to.DayNumber - from.DayNumber + 1).Select(from.AddDays)
            .Select(day => byDay.TryGetValue(day, out var d) ? new DailyTotal(day, d.Requests, d.Rejected) : new DailyTotal(day, 0, 0))
            .ToList();
        var byUser = rows.GroupBy(r => r.UserId).ToDictionary(g => g.Key);
        var table = accounts.Select(u =>
            {
                var mine = byUser.TryGetValue(u.Id, out var g) ? g.ToList() : [];
                return new UserUsage(u.Id, u.Email ?? u.UserName ?? u.Id, adminIds.Contains(u.Id), u.IsDisabled,
                    mine.Sum(r => r.Requests), mine.Sum(r => r.Rejected), mine.Sum(r => r.Explanations), mine.Sum(r => r.Sentences), mine.Sum(r => r.Characters),
                    keyCounts.GetValueOrDefault(u.Id), u.RequestsPerMinute, u.RequestsPerHour, u.DailyQuota, u.DailyExplanationQuota)
                { IsDeleted = u.DeletedAt is not null };
            })
            .OrderByDescending(u => u.Requests).ThenBy(u => u.Email, StringComparer.OrdinalIgnoreCase).ToList();
        return new UsageReport(from, to, totals,
            new LatencyPercentiles(Percentile(latencies, 0.50), Percentile(latencies, 0.95), Percentile(latencies, 0.99), latencies.Count), days, table);
    }

    /// <summary>Nearest-rank percentile of sorted values; 0 for none.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : Math.Round(sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)], 1);

    /// <summary>The per-user table as CSV; an e-mail a spreadsheet would read as a formula starts with <c>'</c>.</summary>
    public static void WriteCsv(UsageReport report, TextWriter writer)
    {
        using var csv = new CsvWriter(writer, BiasApp.Api.SpreadsheetCells.CsvConfiguration(), leaveOpen: true);
        csv.WriteRecords(report.Users.Select(u => new
        {
            u.Email, From = report.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), To = report.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            u.Requests, u.Rejected, u.Explanations, u.Sentences, u.Characters, u.Keys, u.IsAdmin, u.IsDisabled,
            u.RequestsPerMinute, u.RequestsPerHour, u.DailyQuota, u.DailyExplanationQuota,
        }));
    }

    /// <summary>Sets (or with nulls clears) a user's limit overrides.</summary>
    public async Task SetOverridesAsync(string userId, int? perMinute, int? perHour, int? daily, int? dailyExplanations)
    {
        await using var db = await dbs.CreateDbContextAsync();
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.RequestsPerMinute, Positive(perMinute)).SetProperty(u => u.RequestsPerHour, Positive(perHour))
            .SetProperty(u => u.DailyQuota, Positive(daily)).SetProperty(u => u.DailyExplanationQuota, Positive(dailyExplanations)));
        await limits.InvalidateAsync(userId);
    }

    private static int? Positive(int? value) => value is > 0 ? value : null;
}
