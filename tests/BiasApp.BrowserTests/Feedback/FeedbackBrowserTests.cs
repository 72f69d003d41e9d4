using System.Text.RegularExpressions;
using BiasApp.Admin;
using Microsoft.Extensions.DependencyInjection;

namespace BiasApp.BrowserTests.Feedback;

[Collection(BrowserCollection.Name)]
public sealed class FeedbackBrowserTests(BrowserAppFixture app)
{
    // A fact about a religion's practice, which model 3.0.0 calls a stereotype (one of its known errors).
    private const string Decided = "Observant Jews light 2 candles before the Sabbath.";

    // Another casing, a leading discourse marker and another number: a near-duplicate, not the same text.
    private const string NearDuplicate = "Honestly, OBSERVANT JEWS light 3 candles before the Sabbath.";

    [BrowserFact]
    public async Task AnAnalystsCorrectionAcceptedInTheQueueAppliesToANearDuplicateUntilItIsRevoked()
    {
        var admin = await app.NewPageAsync(); // the first (admin) account exists from here on
        var analystEmail = $"analyst-{Guid.NewGuid():N}"[..16] + "@biasapp.test";
        string password;
        await using (var scope = app.Services.CreateAsyncScope())
            password = await scope.ServiceProvider.GetRequiredService<UserAdministration>().CreateAsync(analystEmail, admin: false);
        var analyst = await app.NewAnonymousPageAsync();
        try
        {
            await BrowserAppFixture.SignInAsync(analyst, analystEmail, password);
            var analysis = new AnalyzePageDriver(analyst);

            // The analyst corrects the verdict on the sentence's card, with a note (the near-duplicate beside it shows what
            // the model says of that one).
            await AnalyzeAsync(analysis, $"{Decided} {NearDuplicate}", sentences: 2);
            var card = analysis.Sentence(Decided);
            var modelKind = (await card.GetAttributeAsync("data-kind"))!;
            var nearModelKind = (await analysis.Sentence(NearDuplicate).GetAttributeAsync("data-kind"))!;
            Assert.Equal(0, await analysis.Page.Locator(".sentence-decision").CountAsync());
            var corrected = modelKind is "stereotype" or "portrayal" ? "none" : "stereotype";
            await Interactive.RetryUntilAsync(
                () => card.Locator(".feedback-menu button").ClickAsync(),
                timeout => Assertions.Expect(analyst.Locator(".feedback-correct")).ToBeVisibleAsync(new() { Timeout = timeout }));
            await analyst.Locator(".feedback-correct").ClickAsync();
            var dialog = analyst.Locator(".mud-dialog");
            await Assertions.Expect(dialog.Locator(".feedback-dialog-text")).ToContainTextAsync(Decided);
            await dialog.Locator($".feedback-kind-{corrected}").ClickAsync();
            await Interactive.Field(analyst, "feedback-note").FillAsync("A religious practice, not a stereotype.");
            await analyst.Locator("#feedback-send").ClickAsync();
            await Assertions.Expect(card.Locator(".feedback-sent")).ToHaveAttributeAsync("data-kind", corrected);
            await Assertions.Expect(Snackbar(analyst, "waits for an admin's review")).ToBeVisibleAsync();

            // The admin finds it in the review queue, with the model's verdict and the note, and accepts it.
            await admin.GotoAsync("/admin/feedback");
            var row = admin.Locator("#feedback-table tbody tr").Filter(new() { HasText = Decided });
            await Assertions.Expect(row.Locator(".feedback-model")).ToContainTextAsync(modelKind);
            await Assertions.Expect(row.Locator(".feedback-kind")).ToHaveTextAsync(corrected);
            await Assertions.Expect(row.Locator(".feedback-note")).ToHaveTextAsync("A religious practice, not a stereotype.");
            await Assertions.Expect(row.Locator(".feedback-analyst")).ToHaveTextAsync(analystEmail);
            await Screenshots.SaveAsync(admin, "feedback-queue");
            await ClickUntilGoneAsync(row, ".accept-item");
            await Assertions.Expect(Snackbar(admin, "Accepted 1 item.")).ToBeVisibleAsync();

            // The decided view says who decided and when; the chip's tooltip on a near-duplicate says the same.
            await ShowStatusAsync(admin, "decided");
            var decidedRow = admin.Locator("#feedback-table tbody tr").Filter(new() { HasText = Decided });
            var decidedCell = (await decidedRow.Locator(".feedback-decided").InnerTextAsync()).Trim();
            var decidedAt = Regex.Match(decidedCell, @"\d{4}-\d{2}-\d{2} \d{2}:\d{2}").Value;
            Assert.StartsWith(BrowserAppFixture.AdminEmail, decidedCell);
            Assert.NotEmpty(decidedAt);

            await AnalyzeAsync(analysis, NearDuplicate, sentences: 1);
            card = analysis.Sentence(NearDuplicate);
            var chip = card.Locator(".sentence-decision");
            await Assertions.Expect(chip).ToHaveTextAsync("Team decision");
            await Assertions.Expect(card).ToHaveAttributeAsync("data-kind", corrected);
            var tooltip = (await chip.GetAttributeAsync("title"))!;
            Assert.Contains($"by {BrowserAppFixture.AdminEmail} on {decidedAt} UTC", tooltip);
            Assert.Contains($"on the sentence “{Decided}”", tooltip);
            await analysis.ScreenshotAsync("analysis-decision");

            // Revoked: the same near-duplicate follows the model again.
            await ClickUntilGoneAsync(decidedRow, ".revoke-item");
            await Assertions.Expect(Snackbar(admin, "Revoked the decision")).ToBeVisibleAsync();
            await AnalyzeAsync(analysis, NearDuplicate, sentences: 1);
            card = analysis.Sentence(NearDuplicate);
            await Assertions.Expect(card).ToHaveAttributeAsync("data-kind", nearModelKind);
            await Assertions.Expect(card.Locator(".sentence-decision")).ToHaveCountAsync(0);
        }
        finally
        {
            await analyst.Context.CloseAsync();
            await admin.Context.CloseAsync();
        }
    }

    /// <summary>Analyses <paramref name="text"/> on a freshly opened analysis page and waits for its sentences' cards.</summary>
    private static async Task AnalyzeAsync(AnalyzePageDriver analysis, string text, int sentences)
    {
        await analysis.OpenAsync();
        await analysis.EnterTextAsync(text);
        await analysis.AnalyzeAsync();
        await Assertions.Expect(analysis.Sentences).ToHaveCountAsync(sentences);
    }

    private static ILocator Snackbar(IPage page, string text) => page.Locator(".mud-snackbar").Filter(new() { HasText = text });

    /// <summary>
    /// Clicks the button <paramref name="selector"/> in <paramref name="row"/> until the row leaves the table: a click on
    /// the prerendered table, before the circuit is up, goes nowhere.
    /// </summary>
    private static Task ClickUntilGoneAsync(ILocator row, string selector) => Interactive.RetryUntilAsync(
        async () =>
        {
            try
            {
                if (await row.CountAsync() > 0) await row.Locator(selector).ClickAsync(new() { Timeout = 2_000 });
            }
            catch (PlaywrightException)
            {
                // The row went while clicking: the click before this one was taken.
            }
        },
        timeout => Assertions.Expect(row).ToHaveCountAsync(0, new() { Timeout = timeout }));

    /// <summary>Switches the queue's status filter to <paramref name="status"/> and waits for that view.</summary>
    private static async Task ShowStatusAsync(IPage page, string status)
    {
        var option = page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = status }).First;
        await Interactive.RetryUntilAsync(
            () => page.Locator("#filter-status").Locator("xpath=ancestor::div[contains(@class,'mud-select')][1]").ClickAsync(),
            timeout => option.WaitForAsync(new() { Timeout = timeout }));
        await option.ClickAsync();
        await Assertions.Expect(page.Locator("#feedback-table thead")).ToContainTextAsync("Decided");
    }
}
