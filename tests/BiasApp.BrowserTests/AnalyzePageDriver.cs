using System.Text.RegularExpressions;

namespace BiasApp.BrowserTests;

/// <summary>What a user does on the analysis page, in Playwright steps.</summary>
public sealed class AnalyzePageDriver(IPage page)
{
    public IPage Page => page;

    public ILocator TextBox => page.Locator("textarea#analysis-text, #analysis-text textarea").First;
    public ILocator AnalyzeButton => page.Locator("#analyze-button");
    public ILocator CharacterCount => page.Locator("#character-count");
    public ILocator Sentences => page.Locator(".sentence");
    public ILocator Banner => page.Locator("#model-banner");

    /// <summary>Opens the page and waits until Blazor's circuit is up.</summary>
    public async Task OpenAsync()
    {
        await page.GotoAsync("/");
        await page.WaitForFunctionAsync("() => window.Blazor !== undefined");
    }

    /// <summary>
    /// Types <paramref name="text"/> into the text box. The server-side counter only follows the text once the
    /// component is interactive, so typing is repeated until the counter shows the text's length.
    /// </summary>
    public async Task EnterTextAsync(string text)
    {
        var expected = $"{text.Length:N0} /";
        for (var attempt = 0; ; attempt++)
        {
            await TextBox.FillAsync(text);
            try
            {
                await Assertions.Expect(CharacterCount).ToContainTextAsync(expected, new() { Timeout = 2_000 });
                return;
            }
            catch (PlaywrightException) when (attempt < 10)
            {
                // Prerendered markup, circuit not connected yet: the input went nowhere. Clear and try again.
                await TextBox.FillAsync("");
            }
        }
    }

    /// <summary>Picks an item of the Explain select by its visible text, e.g. "SHAP + LIME".</summary>
    public async Task ChooseExplanationAsync(string item)
    {
        var option = page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = item }).First;
        for (var attempt = 1; ; attempt++)
        {
            await page.Locator("#explain-mode").Locator("xpath=ancestor::div[contains(@class,'mud-select')][1]").ClickAsync();
            try
            {
                await option.WaitForAsync(new() { Timeout = 3_000 });
                break;
            }
            catch (TimeoutException) when (attempt < 5)
            {
                // On a busy machine the first click can land before the select is interactive; click again.
            }
        }
        await option.ClickAsync();
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
    }

    /// <summary>Presses Analyze and waits until the run has finished and results (or an error) are on screen.</summary>
    public async Task AnalyzeAsync()
    {
        await Assertions.Expect(AnalyzeButton).ToBeEnabledAsync();
        await AnalyzeButton.ClickAsync();
        await Assertions.Expect(page.Locator("#sentence-list, #analysis-error")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#analysis-progress")).ToHaveCountAsync(0, new() { Timeout = 60_000 });
    }

    public ILocator Sentence(string containing) => Sentences.Filter(new() { HasText = containing }).First;

    /// <summary>Saves a screenshot to the run's artefacts (and to <c>docs/screenshots/</c> when asked, see <see cref="Screenshots"/>).</summary>
    public Task ScreenshotAsync(string name) => Screenshots.SaveAsync(page, name);

    public static Regex Exactly(string text) => new($"^{Regex.Escape(text)}$");
}
