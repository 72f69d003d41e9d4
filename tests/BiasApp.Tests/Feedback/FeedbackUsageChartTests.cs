using BiasApp.Usage;

namespace BiasApp.Tests.Feedback;

public sealed class FeedbackUsageChartTests
{
    [Fact]
    public void TheUsageHistorySaysHowMuchFeedbackWasSentApartFromTheAnalyses()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        UsageDay[] days = [new(today.AddDays(-1), 2, 0, 0, Page: 2), new(today, 1, 0, 0, Api: 1, Feedback: 3)];
        using var bunit = new BunitContext();
        bunit.AddMud();

        var chart = bunit.Render<UsageHistoryChart>(p => p.Add(c => c.Days, days));

        Assert.StartsWith("3 analyses", chart.Find("#usage-totals").TextContent.Trim());
        Assert.Equal("3 feedback items", chart.Find("#total-feedback").TextContent);
        Assert.Empty(bunit.Render<UsageHistoryChart>(p => p.Add(c => c.Days, [days[0]])).FindAll("#total-feedback"));
    }
}
