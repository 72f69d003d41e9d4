using System.Text.RegularExpressions;

namespace BiasApp.BrowserTests.Usage;

[Collection(QuotaBrowserCollection.Name)]
public sealed class QuotaBrowserTests(QuotaAppFixture app)
{
    [BrowserFact]
    public async Task OverTheQuotaOrRateLimitTheAnalysisPageSaysWhyAndWhenItResets()
    {
        var page = await app.NewPageAsync();
        try
        {
            var analyze = new AnalyzePageDriver(page);
            await analyze.OpenAsync();
            await analyze.EnterTextAsync("Women are too emotional to be good leaders.");
            var error = page.Locator("#analysis-error");

            // The daily quota is one analysis: the first answers, the second is refused with the reset time.
            await analyze.AnalyzeAsync();
            await Assertions.Expect(analyze.Sentences).ToHaveCountAsync(1);
            await Assertions.Expect(error).ToHaveCountAsync(0);

            await analyze.AnalyzeAsync();
            var tomorrow = DateTime.UtcNow.Date.AddDays(1);
            await Assertions.Expect(error).ToHaveTextAsync(
                $"You have used your daily quota of {QuotaAppFixture.DailyQuota} analyses. It resets at {tomorrow:yyyy-MM-dd} 00:00 UTC.");
            await Screenshots.SaveAsync(page, "quota");

            // Two analyses a minute: at the latest the fifth try within a minute hits the rate limit (a fixed window may
            // turn over once), and the message says when to try again.
            var rateLimited = new Regex(@"^You have sent too many analyses in a short time\. Try again at \d{2}:\d{2}:\d{2} UTC\.$");
            await Interactive.RetryUntilAsync(
                () => analyze.AnalyzeAsync(),
                timeout => Assertions.Expect(error).ToHaveTextAsync(rateLimited, new() { Timeout = timeout }),
                attempts: 5);
            await Assertions.Expect(error).ToHaveTextAsync(rateLimited);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
