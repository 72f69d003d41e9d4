using System.Net;
using System.Text.Json;
using BiasApp.Data;
using Microsoft.EntityFrameworkCore;

namespace BiasApp.Tests.Usage;

public sealed class UsageTests
{
    [Fact]
    public async Task RateLimitAnswers429WithRetryAfterAndRecordsTheRejection()
    {
        await using var factory = new BiasAppFactory();
        factory.Settings["Usage:RequestsPerMinute"] = "2";
        var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.AnalyzeAsync()).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.AnalyzeAsync()).StatusCode);
        var refused = await client.AnalyzeAsync();

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(int.Parse(refused.Headers.GetValues("Retry-After").Single()), 1, 60);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        await using var db = factory.Db();
        Assert.Equal(1, await db.UsageEvents.CountAsync(e => e.Outcome == UsageOutcomes.Rejected));
        Assert.Equal(1, await db.DailyUsage.SumAsync(d => d.Rejected));
        Assert.Equal(2, await db.DailyUsage.SumAsync(d => d.Requests));
    }

    [Theory]
    [InlineData("3", "100000", "3", 1, 60)]
    [InlineData("100000", "3", "3", 61, 3600)]
    public async Task SuccessfulAnswersCarryRateLimitHeadersOfTheTighterWindow(string perMinute, string perHour, string limit, int minReset, int maxReset)
    {
        await using var factory = new BiasAppFactory();
        factory.Settings["Usage:RequestsPerMinute"] = perMinute;
        factory.Settings["Usage:RequestsPerHour"] = perHour;
        var client = factory.CreateClient();

        var first = await client.AnalyzeAsync();
        var second = await client.AnalyzeAsync();

        Assert.Equal((limit, "2"), (first.Headers.GetValues("RateLimit-Limit").Single(), first.Headers.GetValues("RateLimit-Remaining").Single()));
        Assert.Equal((limit, "1"), (second.Headers.GetValues("RateLimit-Limit").Single(), second.Headers.GetValues("RateLimit-Remaining").Single()));
        Assert.InRange(int.Parse(second.Headers.GetValues("RateLimit-Reset").Single()), minReset, maxReset);
        // Unmetered endpoints are not limited and say nothing about limits.
        Assert.False((await client.GetAsync("/api/v1/usage")).Headers.Contains("RateLimit-Limit"));
        await client.AnalyzeAsync();
        var refused = await client.AnalyzeAsync();
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(int.Parse(refused.Headers.GetValues("Retry-After").Single()), minReset, maxReset);
    }

    [Fact]
    public async Task DailyQuotaAnswers429WithRetryAfterUntilMidnightUtc()
    {
        await using var factory = new BiasAppFactory();
        factory.Settings["Usage:DailyQuota"] = "2";
        var client = factory.CreateClient();

        await client.AnalyzeAsync();
        await client.AnalyzeAsync();
        var refused = await client.AnalyzeAsync();

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var untilMidnight = (DateTime.UtcNow.Date.AddDays(1) - DateTime.UtcNow).TotalSeconds;
        Assert.InRange(int.Parse(refused.Headers.GetValues("Retry-After").Single()), untilMidnight - 60, untilMidnight + 60);
        var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Contains("daily quota", problem.GetProperty("detail").GetString());

        var usage = JsonDocument.Parse(await client.GetStringAsync("/api/v1/usage")).RootElement;
        Assert.Equal(2, usage.GetProperty("today").GetProperty("requests").GetInt32());
        Assert.Equal(1, usage.GetProperty("today").GetProperty("rejected").GetInt32());
        Assert.Equal(0, usage.GetProperty("remainingToday").GetInt32());
    }

    [Fact]
    public async Task ExplanationQuotaRefusesOnlyExplainedAnalyses()
    {
        await using var factory = new BiasAppFactory();
        factory.Settings["Usage:DailyExplanationQuota"] = "1";
        factory.Settings["Explanations:Enabled"] = "true";
        var client = factory.CreateClient();
        var first = await client.AnalyzeAsync(explain: "shap");
        if (first.StatusCode == HttpStatusCode.BadRequest) return; // explainers not registered in this build: nothing to limit
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.AnalyzeAsync(explain: "shap")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.AnalyzeAsync()).StatusCode);
    }

    [Fact]
    public async Task ConcurrentRequestsFromSeveralUsersAreCountedExactlyOnce()
    {
        await using var factory = new BiasAppFactory();
        var clients = new List<HttpClient>();
        for (var i = 0; i < 4; i++) clients.Add(factory.CreateClient(await factory.CreateKeyAsync($"user{i}@example.test")));
        const int perUser = 12;

        var responses = await Task.WhenAll(clients.SelectMany(c => Enumerable.Range(0, perUser).Select(_ => c.AnalyzeAsync())));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        await using var db = factory.Db();
        Assert.Equal(clients.Count * perUser, await db.UsageEvents.CountAsync(e => e.Outcome == UsageOutcomes.Ok));
        var aggregates = await db.DailyUsage.ToListAsync();
        Assert.Equal(clients.Count * perUser, aggregates.Sum(a => a.Requests));
        Assert.Equal(clients.Count, aggregates.Count);
        Assert.All(aggregates, a => Assert.Equal(perUser, a.Requests));
        var events = await db.UsageEvents.GroupBy(e => e.UserId).Select(g => new { g.Key, Sentences = g.Sum(e => e.Sentences) }).ToListAsync();
        Assert.All(aggregates, a => Assert.Equal(events.Single(e => e.Key == a.UserId).Sentences, a.Sentences));
    }

    [Fact]
    public async Task ConcurrentRequestsNeverExceedTheDailyQuota()
    {
        await using var factory = new BiasAppFactory();
        factory.Settings["Usage:DailyQuota"] = "5";
        // Several users at once give completions and admissions many chances to interleave (a race once let a 6th in).
        var clients = new List<HttpClient> { factory.CreateClient() };
        for (var i = 0; i < 5; i++) clients.Add(factory.CreateClient(await factory.CreateKeyAsync($"quota{i}@example.test")));

        var responses = await Task.WhenAll(clients.Select(c => Task.WhenAll(Enumerable.Range(0, 12).Select(_ => c.AnalyzeAsync()))));

        Assert.All(responses, perUser =>
        {
            Assert.Equal(5, perUser.Count(r => r.StatusCode == HttpStatusCode.OK));
            Assert.Equal(7, perUser.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests));
        });
    }

    [Fact]
    public async Task CountsSurviveARestartOnTheSameFile()
    {
        var path = Path.Combine(Path.GetTempPath(), "biasapp-restart-" + Guid.NewGuid().ToString("N"), "biasapp.db");
        try
        {
            string key;
            await using (var first = new BiasAppFactory(path, ownsDatabase: false))
            {
                key = first.AnalystKey;
                for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await first.CreateClient().AnalyzeAsync()).StatusCode);
            }
            await using var second = new BiasAppFactory(path, ownsDatabase: false);
            var usage = JsonDocument.Parse(await second.CreateClient(key).GetStringAsync("/api/v1/usage")).RootElement;
            Assert.Equal(3, usage.GetProperty("today").GetProperty("requests").GetInt32());
            Assert.Equal("analyst@example.test", usage.GetProperty("email").GetString());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }
}
