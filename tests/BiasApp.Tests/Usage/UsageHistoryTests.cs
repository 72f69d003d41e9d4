using System.Net;
using System.Security.Claims;
using System.Text.Json;
using BiasApp.Core.Analysis;
using BiasApp.Data;
using BiasApp.Usage;
using Microsoft.Extensions.DependencyInjection;

namespace BiasApp.Tests.Usage;

/// <summary>The last 30 days of a user's analyses, split by channel (page, API, batch), on <c>GET /api/v1/usage</c> and the usage page.</summary>
public sealed class UsageHistoryTests
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    /// <summary>Today: 1 page analysis, 2 API analyses, 5 batch rows; 3 days ago 4 batch rows; 40 days ago one API analysis (outside the window).</summary>
    private static async Task<(BiasAppFactory Factory, string Key, string UserId)> AppWithHistoryAsync()
    {
        var factory = new BiasAppFactory();
        var key = await factory.CreateKeyAsync("history@example.test");
        var userId = await factory.UserIdAsync("history@example.test");
        var client = factory.CreateClient(key);
        for (var i = 0; i < 2; i++) Assert.Equal(HttpStatusCode.OK, (await client.AnalyzeAsync()).StatusCode);

        var meter = factory.Services.GetRequiredService<IUsageMeter>();
        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId)], "test"));
        using (var scope = factory.Services.CreateScope())
        {
            var analysis = scope.ServiceProvider.GetRequiredService<AnalysisService>();
            await meter.AnalyzeAsync(user, new AnalysisRequest("All nurses are women."), (request, ct) => analysis.AnalyzeAsync(request, ct));
        }
        await factory.Services.GetRequiredService<QuotaGate>().RecordBatchRowsAsync(userId, 5);

        var recorder = factory.Services.GetRequiredService<UsageStore>();
        for (var i = 0; i < 4; i++) await recorder.RecordAsync(Event(userId, UsageChannels.Batch, DateTime.UtcNow.AddDays(-3)));
        await recorder.RecordAsync(Event(userId, UsageChannels.Api, DateTime.UtcNow.AddDays(-40)));
        return (factory, key, userId);
    }

    private static UsageEvent Event(string userId, string channel, DateTime at) => new()
    {
        UserId = userId, At = at, Channel = channel, Explain = "none", Outcome = UsageOutcomes.Ok,
    };

    [Fact]
    public async Task UsageApiSplitsEachDayByChannel()
    {
        var (factory, key, _) = await AppWithHistoryAsync();
        await using var _factory = factory;

        var body = JsonDocument.Parse(await factory.CreateClient(key).GetStringAsync("/api/v1/usage")).RootElement;

        var days = body.GetProperty("lastDays").EnumerateArray().ToDictionary(d => DateOnly.Parse(d.GetProperty("day").GetString()!));
        Assert.Equal([Today.AddDays(-3), Today], days.Keys.Order());
        var today = days[Today];
        Assert.Equal(8, today.GetProperty("requests").GetInt32());
        Assert.Equal(1, today.GetProperty("page").GetInt32());
        Assert.Equal(2, today.GetProperty("api").GetInt32());
        Assert.Equal(5, today.GetProperty("batch").GetInt32());
        var earlier = days[Today.AddDays(-3)];
        Assert.Equal(4, earlier.GetProperty("batch").GetInt32());
        Assert.Equal(0, earlier.GetProperty("api").GetInt32() + earlier.GetProperty("page").GetInt32());
    }

    [Fact]
    public async Task UsagePageShowsTheLast30DaysByChannel()
    {
        var (factory, _, userId) = await AppWithHistoryAsync();
        await using var _factory = factory;
        await using var bunit = new BunitContext();
        bunit.AddMud();
        bunit.Services.AddSingleton(factory.Services.GetRequiredService<UsageStatusQuery>());
        bunit.AddAuthorization().SetAuthorized("history@example.test").SetClaims(new Claim(ClaimTypes.NameIdentifier, userId));

        var page = bunit.Render<UsagePage>();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("#usage-history")));
        Assert.Contains("Last 30 days", page.Markup);
        Assert.Equal("1", page.Find("#total-page").TextContent);
        Assert.Equal("2", page.Find("#total-api").TextContent);
        Assert.Equal("9", page.Find("#total-batch").TextContent);
        Assert.StartsWith("12 analyses", page.Find("#usage-totals").TextContent.Trim());
        var rows = page.FindAll("#usage-history tbody tr");
        Assert.Equal([Today.ToString("yyyy-MM-dd"), Today.AddDays(-3).ToString("yyyy-MM-dd")], rows.Select(r => r.GetAttribute("data-day")));
        Assert.Equal(["1", "2", "5"], new[] { ".channel-page", ".channel-api", ".channel-batch" }.Select(c => rows[0].QuerySelector(c)!.TextContent));
        Assert.NotNull(page.Find("#usage-chart"));
        Assert.Empty(page.FindAll(".channel-unsplit")); // every day is still split
    }

    [Fact]
    public void DaysOlderThanTheRawEventsShowWhatIsNoLongerSplit()
    {
        var days = UsageHistory.Dense([new UsageDay(Today.AddDays(-29), 10, 0, 0, Page: 2, Api: 3, Batch: 0), new UsageDay(Today, 4, 1, 0, Page: 4)], Today);

        Assert.Equal(30, days.Count);
        Assert.Equal(Today.AddDays(-29), days[0].Day);
        Assert.Equal(Today, days[^1].Day);
        Assert.Equal(5, UsageHistory.Unsplit(days[0]));
        Assert.Equal(0, UsageHistory.Unsplit(days[^1]));
        Assert.Equal(0, days[10].Requests);

        using var bunit = new BunitContext();
        bunit.AddMud();
        var chart = bunit.Render<UsageHistoryChart>(p => p.Add(c => c.Days, days));
        Assert.Equal("5", chart.Find($"#usage-history tr[data-day='{Today.AddDays(-29):yyyy-MM-dd}'] .channel-unsplit").TextContent);
        Assert.Contains("5 no longer split by channel", chart.Find("#usage-totals").TextContent);
    }
}
