using BiasApp.Admin;
using BiasApp.Data;
using BiasApp.Usage;
using Microsoft.Extensions.DependencyInjection;

namespace BiasApp.Tests.Admin;

/// <summary>The dashboard's figures: latency from page and API analyses only, small shares with a decimal, readable day labels.</summary>
public sealed class UsageFiguresTests
{
    private static UsageEvent Event(string userId, string channel, double latencyMs, string explain = "none") => new()
    {
        UserId = userId, At = DateTime.UtcNow, Channel = channel, Explain = explain, Sentences = 1, Characters = 10,
        LatencyMs = latencyMs, Outcome = UsageOutcomes.Ok,
    };

    /// <summary>Three analyses of 10/20/30 ms and 100 batch rows (recorded at 0 ms, as <c>RecordBatchRowsAsync</c> does) by a new user.</summary>
    private static async Task<BiasAppFactory> AppWithBatchRowsAsync()
    {
        var factory = new BiasAppFactory();
        await factory.CreateKeyAsync("figures@example.test");
        var userId = await factory.UserIdAsync("figures@example.test");
        var recorder = factory.Services.GetRequiredService<UsageStore>();
        foreach (var usage in new[] { Event(userId, UsageChannels.Ui, 10, "shap"), Event(userId, UsageChannels.Api, 20), Event(userId, UsageChannels.Api, 30) })
            await recorder.RecordAsync(usage);
        await factory.Services.GetRequiredService<QuotaGate>().RecordBatchRowsAsync(userId, 100);
        return factory;
    }

    [Fact]
    public async Task LatencyPercentilesLeaveOutBatchRows()
    {
        await using var factory = await AppWithBatchRowsAsync();
        using var scope = factory.Services.CreateScope();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        var report = await scope.ServiceProvider.GetRequiredService<UsageReports>().BuildAsync(today, today);

        Assert.Equal(103, report.Totals.Requests); // batch rows still count as analyses
        Assert.Equal(3, report.Latency.Count);
        Assert.Equal(20, report.Latency.P50);
        Assert.Equal(30, report.Latency.P95);
    }

    [Fact]
    public async Task DashboardShowsASmallExplanationShareWithADecimalAndLatencyWithoutBatchRows()
    {
        await using var factory = await AppWithBatchRowsAsync();
        await using var bunit = new BunitContext();
        bunit.AddMud();
        await using var scope = factory.Services.CreateAsyncScope();
        bunit.Services.AddSingleton(scope.ServiceProvider.GetRequiredService<UsageReports>());
        bunit.Services.AddSingleton(TimeProvider.System);
        bunit.Services.AddSingleton(factory.Services.GetRequiredService<BiasApp.Core.Classification.ModelHost>());
        bunit.Services.AddSingleton(factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<BiasApp.Health.HealthOptions>>());
        bunit.Services.AddSingleton(factory.Services.GetRequiredService<BiasApp.Feedback.FeedbackService>());

        var page = bunit.Render<AdminPage>();

        page.WaitForAssertion(() => Assert.Equal("103", page.Find("#total-requests .stat-value").TextContent.Trim()));
        Assert.Equal("1.0%", page.Find("#explanation-share .stat-value").TextContent.Trim()); // 1 of 103, not "1 %"
        Assert.Equal("20 / 30 / 30 ms", page.Find("#latency .stat-value").TextContent.Trim());
    }

    [Theory]
    [InlineData(6, 2760, "0.2")]
    [InlineData(1, 103, "1.0")]
    [InlineData(1, 20, "5.0")]
    [InlineData(1, 3, "33")]
    [InlineData(3, 3, "100")]
    [InlineData(1, 100_000, "<\u00A00.1")]
    [InlineData(0, 2760, "0")]
    [InlineData(0, 0, "0")]
    public void SharesKeepADecimalWhereSmall(long part, long whole, string expected) =>
        Assert.Equal(expected + "%", Figures.Percent(part, whole));

    [Theory]
    [InlineData(0.4, "0.4")]
    [InlineData(9.94, "9.9")]
    [InlineData(12.4, "12")]
    [InlineData(1234.5, "1,234")]
    public void LatenciesKeepADecimalBelowTenMilliseconds(double ms, string expected) => Assert.Equal(expected, Figures.Milliseconds(ms));

    [Theory]
    [InlineData(30, 8)]
    [InlineData(31, 8)]
    [InlineData(7, 7)]
    [InlineData(1, 1)]
    [InlineData(400, 8)]
    public void DayLabelsAreFewShortAndEndOnTheLastDay(int dayCount, int labelled)
    {
        var last = new DateOnly(2026, 12, 1);
        var days = Enumerable.Range(0, dayCount).Select(i => last.AddDays(i - dayCount + 1)).ToList();

        var labels = Figures.DayLabels(days);

        Assert.Equal(dayCount, labels.Length);
        Assert.Equal("12-01", labels[^1]);
        var shown = labels.Where(l => l.Length > 0).ToList();
        Assert.Equal(labelled, shown.Count);
        Assert.All(shown, l => Assert.Matches(@"^\d\d-\d\d$", l));
        // Evenly spaced: the gaps between labelled days are all the same.
        var positions = labels.Select((l, i) => (l, i)).Where(x => x.l.Length > 0).Select(x => x.i).ToList();
        Assert.Single(positions.Zip(positions.Skip(1), (a, b) => b - a).Distinct().DefaultIfEmpty(0));
    }

    [Fact]
    public void AUsageCsvCellStartingWithAFormulaCharacterIsNeutralised()
    {
        var day = new DateOnly(2026, 12, 1);
        var report = new UsageReport(day, day, new UsageTotals(1, 0, 0, 0, 0, 1, 10), new LatencyPercentiles(0, 0, 0), [],
            [new UserUsage("u1", "=HYPERLINK(\"http://x/y\")@example.test", false, false, 1, 0, 0, 1, 10, 0, null, null, null, null)]);
        using var writer = new StringWriter();

        UsageReports.WriteCsv(report, writer);

        var lines = writer.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("\"'=HYPERLINK(\"\"http://x/y\"\")@example.test\",2026-12-01,", lines[1]);
    }

    [Theory]
    [InlineData(1, "1 analysis")]
    [InlineData(0, "0 analyses")]
    [InlineData(2, "2 analyses")]
    [InlineData(1200, "1,200 analyses")]
    public void CountsAgreeWithTheirNoun(long count, string expected) => Assert.Equal(expected, Figures.Count(count, "analysis", "analyses"));

    [Theory]
    [InlineData(0.5, "50.0%")]
    [InlineData(1.0, "100.0%")]
    [InlineData(0.0034, "0.3%")]
    public void RatesHaveOneDecimalAndNoSpaceBeforeThePercentSign(double rate, string expected) => Assert.Equal(expected, Figures.Rate(rate));
}
