namespace BiasApp.BrowserTests.Api;

[Collection(BrowserCollection.Name)]
public sealed class ApiReferenceBrowserTests(BrowserAppFixture app)
{
    /// <summary>Scalar renders the document under the app's CSP (its start-up script nonced, nothing from a CDN).</summary>
    [BrowserFact]
    public async Task TheReferencePageRendersTheOperationsWithoutCspViolations()
    {
        var page = await app.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error" || message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) problems.Add(message.Text);
        };
        var external = new List<string>();
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(app.BaseAddress.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal))
                external.Add(request.Url);
        };
        try
        {
            await page.GotoAsync("/api/docs/");
            await Assertions.Expect(page.GetByText("BiasApp API").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
            await Assertions.Expect(page.GetByText("Splits a text into sentences and scores each for stereotypes.").First).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByText("X-API-Key").First).ToBeAttachedAsync();
            Assert.Empty(problems);
            Assert.Empty(external);
            await Screenshots.SaveAsync(page, "api-docs");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
