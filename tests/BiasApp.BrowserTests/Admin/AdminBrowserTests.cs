using System.Globalization;

namespace BiasApp.BrowserTests.Admin;

[Collection(BrowserCollection.Name)]
public sealed class AdminBrowserTests(BrowserAppFixture app)
{
    [BrowserFact]
    public async Task TheDashboardShowsTheNewAnalysesOfTheUser()
    {
        var page = await app.NewPageAsync();
        try
        {
            var before = await RequestsOfAdminAsync(page);

            var analyze = new AnalyzePageDriver(page);
            for (var i = 0; i < 2; i++)
            {
                await analyze.OpenAsync();
                await analyze.EnterTextAsync($"Women are too emotional to be good leaders. Run {i} ended at noon.");
                await analyze.AnalyzeAsync();
                await Assertions.Expect(page.Locator("#sentence-list")).ToBeVisibleAsync();
            }

            Assert.Equal(before.User + 2, (await RequestsOfAdminAsync(page)).User);
            var after = await RequestsOfAdminAsync(page);
            Assert.True(after.Total >= before.Total + 2, $"totals {before.Total} -> {after.Total}");
            await Assertions.Expect(page.Locator("#top-users")).ToContainTextAsync(BrowserAppFixture.AdminEmail);
            await Screenshots.SaveAsync(page, "admin");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [BrowserFact]
    public async Task TheRequestsChartFillsTheWidthOfItsCard()
    {
        var page = await app.NewPageAsync();
        try
        {
            await page.GotoAsync("/admin");
            await Assertions.Expect(page.Locator("#requests-chart")).ToBeVisibleAsync();
            await Charts.AssertFillsItsCardAsync(page.Locator("#requests-chart"));
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    /// <summary>Opens the dashboard and reads the admin's row and the total of analyses.</summary>
    private static async Task<(int User, int Total)> RequestsOfAdminAsync(IPage page)
    {
        await page.GotoAsync("/admin");
        var row = page.Locator("#users-table tbody tr").Filter(new() { HasText = BrowserAppFixture.AdminEmail });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        var user = await row.Locator(".user-requests").InnerTextAsync();
        var total = await page.Locator("#total-requests .stat-value").InnerTextAsync();
        return (int.Parse(user, NumberStyles.AllowThousands, CultureInfo.InvariantCulture),
                int.Parse(total, NumberStyles.AllowThousands, CultureInfo.InvariantCulture));
    }
}
