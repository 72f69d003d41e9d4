using System.Globalization;

namespace BiasApp.BrowserTests.Usage;

[Collection(BrowserCollection.Name)]
public sealed class UsageHistoryBrowserTests(BrowserAppFixture app)
{
    [BrowserFact]
    public async Task TheUsagePageCountsAnAnalysisFromThePageUnderToday()
    {
        var page = await app.NewPageAsync();
        try
        {
            var before = await PageAnalysesTodayAsync(page);

            var analyze = new AnalyzePageDriver(page);
            await analyze.OpenAsync();
            await analyze.EnterTextAsync("Women are too emotional to be good leaders. The meeting ended at noon.");
            await analyze.AnalyzeAsync();
            await Assertions.Expect(page.Locator("#sentence-list")).ToBeVisibleAsync();

            Assert.Equal(before + 1, await PageAnalysesTodayAsync(page));
            await Assertions.Expect(page.Locator("#usage-chart")).ToBeVisibleAsync();
            await Screenshots.SaveAsync(page, "usage");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [BrowserFact]
    public async Task TheUsageChartFillsTheWidthOfItsCard()
    {
        var page = await app.NewPageAsync();
        try
        {
            await page.GotoAsync("/usage");
            await Assertions.Expect(page.Locator("#usage-chart")).ToBeVisibleAsync();
            await Charts.AssertFillsItsCardAsync(page.Locator("#usage-chart"));
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    private static async Task<int> PageAnalysesTodayAsync(IPage page)
    {
        await page.GotoAsync("/usage");
        await Assertions.Expect(page.Locator("#usage-totals")).ToBeVisibleAsync();
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var row = page.Locator($"#usage-history tr[data-day='{today}'] .channel-page");
        return await row.CountAsync() == 0 ? 0 : int.Parse(await row.InnerTextAsync(), NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
    }
}
