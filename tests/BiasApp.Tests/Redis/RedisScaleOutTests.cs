using System.Net;
using System.Security.Claims;
using System.Text.Json;
using BiasApp.Core.Analysis;
using BiasApp.Core.Explanations;
using BiasApp.Core.Inference;
using BiasApp.Admin;
using BiasApp.Core.Usage;
using BiasApp.Usage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BiasApp.Tests.Redis;

/// <summary>Rate limits, headers, the shared result cache and health with <c>Redis:Configuration</c> set, over a real Redis.</summary>
public sealed class RedisScaleOutTests
{
    [RedisFact]
    public async Task TwoHostsShareOnePerMinuteLimit()
    {
        await using var hosts = TwoHosts.Create(settings => settings["Usage:RequestsPerMinute"] = "3");
        var a = hosts.A.CreateClient(hosts.Key);
        var b = hosts.B.CreateClient(hosts.Key);

        Assert.Equal(HttpStatusCode.OK, (await a.AnalyzeAsync()).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await b.AnalyzeAsync()).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await a.AnalyzeAsync()).StatusCode);
        var refused = await b.AnalyzeAsync();

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(int.Parse(refused.Headers.GetValues("Retry-After").Single()), 1, 60);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await a.AnalyzeAsync()).StatusCode);
    }

    [RedisFact]
    public async Task TheAnalysisPageOnOneHostAndTheApiOnTheOtherShareOneBudget()
    {
        await using var hosts = TwoHosts.Create(settings => settings["Usage:RequestsPerMinute"] = "2");
        var userId = await hosts.A.UserIdAsync("analyst@example.test");
        var api = hosts.B.CreateClient(hosts.Key);

        await AnalyzeOnPageAsync(hosts.A, userId);
        Assert.Equal(HttpStatusCode.OK, (await api.AnalyzeAsync()).StatusCode);

        Assert.Equal(HttpStatusCode.TooManyRequests, (await api.AnalyzeAsync()).StatusCode);
        var refused = await Assert.ThrowsAsync<UsageLimitExceededException>(() => AnalyzeOnPageAsync(hosts.A, userId));
        Assert.InRange(refused.RetryAt - DateTimeOffset.UtcNow, TimeSpan.Zero, TimeSpan.FromSeconds(61));
    }

    [RedisFact]
    public async Task AnOverrideMadeOnOneHostStartsAFreshWindowOnBoth()
    {
        await using var hosts = TwoHosts.Create(settings => settings["Usage:RequestsPerMinute"] = "1");
        var userId = await hosts.A.UserIdAsync("analyst@example.test");
        var a = hosts.A.CreateClient(hosts.Key);
        var b = hosts.B.CreateClient(hosts.Key);
        Assert.Equal(HttpStatusCode.OK, (await a.AnalyzeAsync()).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await b.AnalyzeAsync()).StatusCode);

        // Replicas share one database; these hosts have a copy each, so B's copy gets the row A's admin page wrote.
        await using (var db = hosts.B.Db())
            await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.RequestsPerMinute, 2));
        await using (var scope = hosts.A.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<UsageReports>().SetOverridesAsync(userId, 2, null, null, null);

        // B heard of the change over Redis: its cached limits are gone and the new limit's window is fresh on both hosts.
        // Pub/sub delivery is asynchronous; a 429 while waiting does not use up the new window (refusals are not counted).
        await Eventually.HoldsAsync(async () => (await b.AnalyzeAsync()).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(5),
            "B answers within the new limit");
        Assert.Equal(HttpStatusCode.OK, (await a.AnalyzeAsync()).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await a.AnalyzeAsync()).StatusCode);
    }

    [RedisFact]
    public async Task SuccessfulAnswersOnEitherHostCarryTheSharedRemainingCount()
    {
        await using var hosts = TwoHosts.Create(settings =>
        {
            settings["Usage:RequestsPerMinute"] = "5";
            settings["Usage:RequestsPerHour"] = "1000";
        });

        var first = await hosts.A.CreateClient(hosts.Key).AnalyzeAsync();
        var second = await hosts.B.CreateClient(hosts.Key).AnalyzeAsync();

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(("5", "4"), (Header(first, "RateLimit-Limit"), Header(first, "RateLimit-Remaining")));
        Assert.Equal(("5", "3"), (Header(second, "RateLimit-Limit"), Header(second, "RateLimit-Remaining")));
        Assert.InRange(int.Parse(Header(second, "RateLimit-Reset")), 1, 60);
    }

    [RedisFact]
    public async Task ASentenceScoredOnOneHostIsACacheHitOnTheOther()
    {
        await using var hosts = TwoHosts.Create();
        const string text = "All nurses are women. The sky is blue.";

        var onA = await hosts.A.CreateClient(hosts.Key).AnalyzeAsync(text, explain: "both");
        var onB = await hosts.B.CreateClient(hosts.Key).AnalyzeAsync(text, explain: "both");

        Assert.Equal(HttpStatusCode.OK, onA.StatusCode);
        Assert.Equal(HttpStatusCode.OK, onB.StatusCode);
        var cacheA = hosts.A.Services.GetRequiredService<ResultCache>();
        var cacheB = hosts.B.Services.GetRequiredService<ResultCache>();
        Assert.True(cacheB.HasSharedLevel);
        Assert.Equal((0L, 2L), (cacheA.Hits, cacheA.Misses));
        Assert.Equal((2L, 2L, 0L), (cacheB.Hits, cacheB.SharedHits, cacheB.Misses));
        // The explanations came back whole: B answers exactly what A computed.
        Assert.Equal(await SentencesAsync(onA), await SentencesAsync(onB));
        Assert.Contains("\"agreement\"", await SentencesAsync(onB));
    }

    [RedisFact]
    public async Task HealthReportsRedisWhenItIsUp()
    {
        await using var hosts = TwoHosts.Create();
        var health = JsonDocument.Parse(await hosts.A.CreateClient(hosts.Key).GetStringAsync("/health")).RootElement;
        Assert.Equal("Healthy", health.GetProperty("status").GetString());
    }

    /// <summary>No Redis behind the configured address: nothing to skip, the app must manage without it.</summary>
    [Fact]
    public async Task WithRedisDownAnalysesStillSucceedAndHealthIsDegraded()
    {
        await using var factory = new BiasAppFactory();
        factory.Settings["Redis:Configuration"] = "127.0.0.1:1,connectTimeout=500";
        factory.Settings["Usage:RequestsPerMinute"] = "1";
        var client = factory.CreateClient();

        // The limit of one per minute is not enforced while its counter is unreachable (fail open), and the cache misses.
        for (var i = 0; i < 3; i++)
        {
            var response = await client.AnalyzeAsync($"All nurses are women number {i}. The sky is blue.");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.False(response.Headers.Contains("RateLimit-Limit"));
        }
        await AnalyzeOnPageAsync(factory, await factory.UserIdAsync("analyst@example.test"));

        var cache = factory.Services.GetRequiredService<ResultCache>();
        Assert.True(cache.SharedErrors > 0);
        Assert.True(factory.Services.GetRequiredService<BiasApp.Redis.RedisConnection>().Failures > 0);
        var health = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Degraded", JsonDocument.Parse(await health.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
    }

    private static async Task AnalyzeOnPageAsync(BiasAppFactory factory, string userId)
    {
        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId)], "test"));
        await using var scope = factory.Services.CreateAsyncScope();
        var analysis = scope.ServiceProvider.GetRequiredService<AnalysisService>();
        await scope.ServiceProvider.GetRequiredService<IUsageMeter>()
            .AnalyzeAsync(user, new AnalysisRequest("All nurses are women.", ExplanationMode.None), analysis.AnalyzeAsync);
    }

    private static string Header(HttpResponseMessage response, string name) => response.Headers.GetValues(name).Single();

    private static async Task<string> SentencesAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("sentences").GetRawText();
}
