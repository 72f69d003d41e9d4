using System.Diagnostics;
using BiasApp.Core.Usage;
using BiasApp.Data;
using BiasApp.Usage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BiasApp.Tests.Usage;

public sealed class UsageTrimmerTests(BiasAppFactory factory) : IClassFixture<BiasAppFactory>
{
    private static readonly DateTimeOffset Now = new(2026, 6, 15, 0, 30, 0, TimeSpan.Zero);

    private UsageTrimmer Trimmer(TimeProvider time, UsageOptions? options = null) => new(
        factory.Services.GetRequiredService<UsageStore>(),
        new StaticOptions(options ?? new UsageOptions()), time, NullLogger<UsageTrimmer>.Instance);

    private async Task<string> AnalystIdAsync()
    {
        _ = factory.AnalystKey;
        return await factory.UserIdAsync("analyst@example.test");
    }

    [Fact]
    public async Task RemovesEventsAndAggregatesJustOutsideRetentionAndKeepsThoseJustInside()
    {
        var userId = await AnalystIdAsync();
        var today = DateOnly.FromDateTime(Now.UtcDateTime);
        await using (var db = factory.Db())
        {
            await db.UsageEvents.ExecuteDeleteAsync();
            await db.DailyUsage.ExecuteDeleteAsync();
            foreach (var (at, name) in new[] { (Now.AddDays(-30).AddMinutes(1), "inside"), (Now.AddDays(-30).AddMinutes(-1), "outside"), (Now, "today") })
                db.UsageEvents.Add(new UsageEvent { UserId = userId, At = at.UtcDateTime, Channel = "api", Explain = name[..4], Outcome = "ok" });
            foreach (var day in new[] { today.AddDays(-400), today.AddDays(-401), today })
                db.DailyUsage.Add(new DailyUsage { UserId = userId, Day = day, Requests = 1 });
            await db.SaveChangesAsync();
        }

        var removed = await Trimmer(new FixedTimeProvider(Now)).TrimAsync();

        Assert.Equal((1, 1), removed);
        await using var check = factory.Db();
        Assert.Equal(["insi", "toda"], (await check.UsageEvents.Select(e => e.Explain).ToListAsync()).Order());
        Assert.Equal([today.AddDays(-400), today], (await check.DailyUsage.Select(d => d.Day).ToListAsync()).Order());
    }

    [Fact]
    public async Task NeverTouchesTodayEvenWithTheShortestRetention()
    {
        var userId = await AnalystIdAsync();
        var at = new DateTimeOffset(2026, 7, 1, 23, 0, 0, TimeSpan.Zero);
        await using (var db = factory.Db())
        {
            db.UsageEvents.Add(new UsageEvent { UserId = userId, At = at.UtcDateTime.Date.AddMinutes(1), Channel = "ui", Explain = "none", Outcome = "ok" });
            await db.SaveChangesAsync();
        }
        await Trimmer(new FixedTimeProvider(at), new UsageOptions { RetentionDays = 1, AggregateRetentionDays = 1 }).TrimAsync();
        await using var check = factory.Db();
        Assert.True(await check.UsageEvents.AnyAsync(e => e.At == at.UtcDateTime.Date.AddMinutes(1)));
    }

    [Fact]
    public async Task StopsPromptlyAndSurvivesAFailingRun()
    {
        var time = new ThrowingOnceTimeProvider(Now);
        var trimmer = Trimmer(time, new UsageOptions { TrimInterval = TimeSpan.FromMilliseconds(50) });
        await trimmer.StartAsync(CancellationToken.None);
        await Eventually.HoldsAsync(() => time.Calls >= 3, TimeSpan.FromSeconds(10), "the trimmer runs again after its first, failing run");

        var stopping = Stopwatch.StartNew();
        await trimmer.StopAsync(CancellationToken.None);
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(2));
        Assert.True(trimmer.ExecuteTask!.IsCompletedSuccessfully);
    }

    private sealed class StaticOptions(UsageOptions value) : IOptionsMonitor<UsageOptions>
    {
        public UsageOptions CurrentValue => value;
        public UsageOptions Get(string? name) => value;
        public IDisposable? OnChange(Action<UsageOptions, string?> listener) => null;
    }

    /// <summary>Fails the first trimming run (its clock read) and counts the runs.</summary>
    private sealed class ThrowingOnceTimeProvider(DateTimeOffset now) : TimeProvider
    {
        private int _calls;
        public int Calls => _calls;

        public override DateTimeOffset GetUtcNow() =>
            Interlocked.Increment(ref _calls) == 1 ? throw new InvalidOperationException("first run fails") : now;
    }
}
