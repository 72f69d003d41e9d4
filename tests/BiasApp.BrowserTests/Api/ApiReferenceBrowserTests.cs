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

    /// <summary>
    /// Signed in, with the key field left empty, "Send" on the analyze operation goes out without an X-API-Key header, with
    /// the page's example body and the browser's own Origin, and the session answers it: 200.
    /// </summary>
    [BrowserFact]
    public async Task SendWithAnEmptyKeyFieldIsAnsweredThroughTheSession()
    {
        var page = await app.NewPageAsync();
        try
        {
            await page.GotoAsync("/api/docs/");
            var operation = page.Locator("section", new() { HasText = "Splits a text into sentences and scores each for stereotypes." }).Last;
            await operation.GetByRole(AriaRole.Button, new() { Name = "Test Request" }).First.ClickAsync(new() { Timeout = 30_000 });

            var sent = page.WaitForResponseAsync(r => r.Url.EndsWith("/api/v1/analyze", StringComparison.Ordinal) && r.Request.Method == "POST");
            var client = page.GetByRole(AriaRole.Dialog);
            await client.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Send") }).First.ClickAsync();
            var response = await sent;

            var headers = await response.Request.AllHeadersAsync();
            Assert.False(headers.ContainsKey("x-api-key"), "the empty key field still sent an X-API-Key header");
            Assert.Equal(app.BaseAddress.GetLeftPart(UriPartial.Authority), headers["origin"]);
            Assert.Contains("Women are too emotional to lead.", response.Request.PostData);
            Assert.Equal(200, response.Status);
            await Screenshots.SaveAsync(page, "api-docs-send");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
