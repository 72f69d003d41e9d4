namespace BiasApp.BrowserTests.Analysis;

[Collection(RulesModeBrowserCollection.Name)]
public sealed class RulesModeBrowserTests(RulesModeAppFixture app)
{
    [BrowserFact]
    public async Task WithoutTheModelTheBannerSaysRulesModeAndTheRulesStillAnswer()
    {
        var page = await app.NewPageAsync();
        try
        {
            var analyze = new AnalyzePageDriver(page);
            await analyze.OpenAsync();

            await Assertions.Expect(analyze.Banner).ToBeVisibleAsync();
            await Assertions.Expect(analyze.Banner).ToHaveAttributeAsync("data-mode", "rules");
            await Assertions.Expect(analyze.Banner).ToContainTextAsync("Rules mode");

            await analyze.EnterTextAsync("All women are bad drivers. The meeting ended at noon.");
            await analyze.AnalyzeAsync();
            await Assertions.Expect(analyze.Sentence("bad drivers")).ToHaveAttributeAsync("data-label", "stereotype");
            await Assertions.Expect(analyze.Sentence("ended at noon")).ToHaveAttributeAsync("data-label", "not_stereotype");
            await analyze.ScreenshotAsync("rules-mode");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
