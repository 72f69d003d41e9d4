namespace BiasApp.BrowserTests.Analysis;

[Collection(BrowserCollection.Name)]
public sealed class AnalyzePageBrowserTests(BrowserAppFixture app) : IAsyncLifetime
{
    private const string Paragraph =
        "Our team met on Monday to plan the spring release. Women are too emotional to be good leaders. " +
        "The meeting ended at noon.";

    private IPage _page = null!;
    private AnalyzePageDriver _analyze = null!;
    private readonly List<string> _dialogs = [];
    private readonly List<string> _pageErrors = [];

    public async Task InitializeAsync()
    {
        if (!Chromium.IsInstalled && !Chromium.IsCi) return;
        _page = await app.NewPageAsync();
        _page.Dialog += async (_, dialog) =>
        {
            _dialogs.Add($"{dialog.Type}: {dialog.Message}");
            await dialog.DismissAsync();
        };
        _page.PageError += (_, error) => _pageErrors.Add(error);
        // A dropped circuit (e.g. a message over SignalR's size limit) only shows up in the console.
        _page.Console += (_, message) =>
        {
            if (message.Type == "error") _pageErrors.Add(message.Text);
        };
        _analyze = new AnalyzePageDriver(_page);
        await _analyze.OpenAsync();
    }

    public async Task DisposeAsync()
    {
        if (_page is not null) await _page.Context.CloseAsync();
    }

    [BrowserFact]
    public async Task AnalysingAParagraphFlagsTheStereotypedSentenceOnly()
    {
        await _analyze.EnterTextAsync(Paragraph);
        await _analyze.AnalyzeAsync();

        await Assertions.Expect(_analyze.Sentences).ToHaveCountAsync(3);
        await Assertions.Expect(_analyze.Sentence("too emotional")).ToHaveAttributeAsync("data-label", "stereotype");
        await Assertions.Expect(_analyze.Sentence("spring release")).ToHaveAttributeAsync("data-label", "not_stereotype");
        await Assertions.Expect(_analyze.Sentence("ended at noon")).ToHaveAttributeAsync("data-label", "not_stereotype");
        await Assertions.Expect(_page.Locator("#verdict-flagged")).ToContainTextAsync("1 of 3 sentences flagged");
        await Assertions.Expect(_analyze.Banner).ToHaveCountAsync(0);
        await _analyze.ScreenshotAsync("analysis");
        Assert.Empty(_pageErrors);
    }

    [BrowserFact]
    public async Task EachKindShowsInItsOwnColourAndTheKindFilterHidesTheOthers()
    {
        await _analyze.EnterTextAsync(
            "It is a myth that women are bad drivers. Women are too emotional to lead. The meeting ended at noon.");
        await _analyze.AnalyzeAsync();

        await Assertions.Expect(_analyze.Sentences).ToHaveCountAsync(3);
        await Assertions.Expect(_analyze.Sentence("myth")).ToHaveAttributeAsync("data-kind", "reported");
        await Assertions.Expect(_analyze.Sentence("myth").Locator(".sentence-kind-reported")).ToContainTextAsync("Reported");
        await Assertions.Expect(_analyze.Sentence("myth").Locator(".sentence-kind-cue")).ToContainTextAsync("rejected by 'myth'");
        await Assertions.Expect(_analyze.Sentence("too emotional")).ToHaveAttributeAsync("data-kind", "stereotype");
        await Assertions.Expect(_page.Locator("#verdict-kinds")).ToContainTextAsync("Reported: 1");
        await Assertions.Expect(_page.Locator("#verdict-flagged")).ToContainTextAsync("1 of 3 sentences flagged");

        await _page.Locator(".kind-filter-stereotype").ClickAsync();
        await _page.Locator(".kind-filter-none").ClickAsync();
        await Assertions.Expect(_analyze.Sentences).ToHaveCountAsync(1);
        await Assertions.Expect(_analyze.Sentences.First).ToHaveAttributeAsync("data-kind", "reported");
        await _analyze.ScreenshotAsync("analysis-kinds");
        Assert.Empty(_pageErrors);
    }

    [BrowserFact]
    public async Task WhyOpensTheShapAndLimeHeatmapOfASentence()
    {
        await _analyze.ChooseExplanationAsync("SHAP + LIME");
        await _analyze.EnterTextAsync("Women are too emotional to be good leaders. The meeting ended at noon.");
        await _analyze.AnalyzeAsync();

        var sentence = _analyze.Sentence("too emotional");
        var why = sentence.Locator(".sentence-explain");
        await Assertions.Expect(why).ToHaveAttributeAsync("aria-expanded", "false");
        await why.ClickAsync();

        var heatmap = sentence.Locator(".token-heatmap");
        await Assertions.Expect(heatmap).ToBeVisibleAsync();
        await Assertions.Expect(why).ToHaveAttributeAsync("aria-expanded", "true");
        await Assertions.Expect(heatmap).ToHaveAttributeAsync("data-method", "shap");
        var words = heatmap.Locator(".heatmap-word");
        await Assertions.Expect(words.Filter(new() { HasText = "emotional" })).ToHaveCountAsync(1);
        Assert.True(await words.CountAsync() >= 7, "every word of the sentence should be tinted");
        foreach (var label in await words.EvaluateAllAsync<string[]>("els => els.map(e => e.getAttribute('aria-label') ?? '')"))
        {
            Assert.Matches(@"^\S+: [+-]?\d\.\d{3}, (towards|against) stereotype$", label);
        }
        await Assertions.Expect(heatmap.Locator(".heatmap-agreement")).ToContainTextAsync("SHAP/LIME agreement");

        await words.Filter(new() { HasText = "emotional" }).FocusAsync();
        await Assertions.Expect(heatmap.Locator(".heatmap-readout")).ToContainTextAsync("emotional");
        await _analyze.ScreenshotAsync("heatmap");

        await heatmap.Locator(".heatmap-lime").ClickAsync();
        await Assertions.Expect(heatmap).ToHaveAttributeAsync("data-method", "lime");
        await Assertions.Expect(heatmap.Locator(".heatmap-lime")).ToHaveAttributeAsync("aria-pressed", "true");

        await why.ClickAsync();
        await Assertions.Expect(sentence.Locator(".token-heatmap")).ToHaveCountAsync(0);
        Assert.Empty(_pageErrors);
    }

    [BrowserFact]
    public async Task ALongTextShowsItsScoresFirstAndCancelStopsTheExplanationsThatFollow()
    {
        var text = string.Join(" ", Enumerable.Range(1, 60).Select(i => $"Clerk number {i} of the northern office filed report {i * 7} before lunch."));
        await _analyze.ChooseExplanationAsync("SHAP + LIME");
        await _analyze.EnterTextAsync(text);
        await Assertions.Expect(_analyze.AnalyzeButton).ToBeEnabledAsync();
        await _analyze.AnalyzeButton.ClickAsync();

        // Every score is on screen while the explanations are still being computed, one sentence at a time.
        await Assertions.Expect(_analyze.Sentences).ToHaveCountAsync(60, new() { Timeout = 60_000 });
        var progress = _page.Locator("#analysis-progress-text");
        await Assertions.Expect(progress).ToContainTextAsync("Explained", new() { Timeout = 30_000 });
        await Assertions.Expect(progress).ToContainTextAsync("of 60 sentences");
        await _page.Locator("#analysis-cancel").ClickAsync();

        await Assertions.Expect(_page.Locator("#analysis-explain-stopped")).ToContainTextAsync("Explaining was stopped after");
        await Assertions.Expect(_page.Locator("#analysis-cancel")).ToHaveCountAsync(0);
        await Assertions.Expect(_analyze.Sentences).ToHaveCountAsync(60);
        await Assertions.Expect(_analyze.AnalyzeButton).ToBeEnabledAsync();
        Assert.Empty(_pageErrors);
    }

    [BrowserFact]
    public async Task TextOverTheLimitShowsTheLimitAndCannotBeAnalysed()
    {
        var maxLength = int.Parse(await _analyze.TextBox.GetAttributeAsync("maxlength") ?? "0");
        Assert.True(maxLength > 0, "the text box should carry the limit as maxlength");

        // Pasting longer text is cut at the limit by the browser; the full-limit text reaches the server (the counter
        // follows) without dropping the circuit.
        await _analyze.EnterTextAsync("x");
        await _analyze.TextBox.FillAsync("");
        await _analyze.TextBox.FillAsync(new string('a', maxLength + 25));
        await Assertions.Expect(_analyze.CharacterCount).ToContainTextAsync($"{maxLength:N0} / {maxLength:N0}");
        Assert.Equal(maxLength, (await _analyze.TextBox.InputValueAsync()).Length);

        await Assertions.Expect(_analyze.AnalyzeButton).ToBeEnabledAsync();

        // A real paste over the limit is cut just the same, and the page says so.
        await _analyze.TextBox.FillAsync("");
        await _page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await _page.EvaluateAsync("text => navigator.clipboard.writeText(text)", new string('b', maxLength + 25));
        await _analyze.TextBox.FocusAsync();
        await _page.Keyboard.PressAsync("Control+V");
        await Assertions.Expect(_page.Locator("#analysis-truncated"))
            .ToContainTextAsync($"The pasted text had {maxLength + 25:N0} characters; only the first {maxLength:N0} were kept");
        Assert.Equal(maxLength, (await _analyze.TextBox.InputValueAsync()).Length);

        // Text that arrives over the limit anyway (a script, an extension) gets the message and a disabled button.
        await _analyze.TextBox.EvaluateAsync(
            "(el, n) => { el.removeAttribute('maxlength'); el.value = 'a'.repeat(n); el.dispatchEvent(new Event('input', { bubbles: true })); }",
            maxLength + 1);
        await Assertions.Expect(_page.GetByText($"The limit is {maxLength:N0} characters.")).ToBeVisibleAsync();
        await Assertions.Expect(_analyze.AnalyzeButton).ToBeDisabledAsync();
        await Assertions.Expect(_analyze.Sentences).ToHaveCountAsync(0);
        Assert.Empty(_pageErrors);
    }

    [BrowserFact]
    public async Task FlaggedOnlyExportAndTheTextAndResultsSurviveAVisitToAnotherPage()
    {
        await _analyze.EnterTextAsync(Paragraph);
        await _analyze.AnalyzeAsync();
        await Assertions.Expect(_analyze.Sentences).ToHaveCountAsync(3);

        // The flagged sentence is marked in the original text; the mark jumps to its card.
        var mark = _page.Locator("#analysis-original mark");
        await Assertions.Expect(mark).ToHaveCountAsync(1);
        await Assertions.Expect(mark).ToHaveTextAsync("Women are too emotional to be good leaders.");
        await mark.ClickAsync();
        await Assertions.Expect(_analyze.Sentence("too emotional")).ToBeFocusedAsync();

        await _page.GetByText("Flagged and needs review only").ClickAsync();
        await Assertions.Expect(_analyze.Sentences).ToHaveCountAsync(1);
        await Assertions.Expect(_analyze.Sentences.First).ToHaveAttributeAsync("data-label", "stereotype");

        var download = await _page.RunAndWaitForDownloadAsync(() => _page.Locator("#analysis-export-csv").ClickAsync());
        Assert.EndsWith(".csv", download.SuggestedFilename);
        var csv = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.StartsWith("sentence,start,length,text,label,probability,review,axis,axis_probability,rules", csv);
        Assert.Contains(",Women are too emotional to be good leaders.,stereotype,", csv);
        Assert.Equal(4, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        await _analyze.ScreenshotAsync("analysis-flagged");

        // Another page and back, inside the app: the text, the result and the filter are as they were.
        await _page.Locator("header a[href='/batches']").ClickAsync();
        await Assertions.Expect(_page.Locator("h1")).ToHaveTextAsync("Batch audit");
        await _page.Locator("header a[href='/']").ClickAsync();
        await Assertions.Expect(_page.Locator("h1")).ToHaveTextAsync("Check a text for stereotypes");
        await Assertions.Expect(_analyze.TextBox).ToHaveValueAsync(Paragraph);
        await Assertions.Expect(_analyze.Sentences).ToHaveCountAsync(1);
        await Assertions.Expect(_page.Locator("#verdict-flagged")).ToContainTextAsync("1 of 3 sentences flagged");
        Assert.Empty(_pageErrors);
    }

    [BrowserFact]
    public async Task HtmlAndScriptInTheTextAreShownAsTextAndNeverRun()
    {
        const string hostile =
            "<script>alert('script')</script> All <b>women</b> are bad drivers. <img src=x onerror=\"alert('img')\"> is what they said.";
        await _analyze.ChooseExplanationAsync("SHAP + LIME");
        await _analyze.EnterTextAsync(hostile);
        await _analyze.AnalyzeAsync();

        var list = _page.Locator("#sentence-list");
        await Assertions.Expect(list).ToContainTextAsync("<script>alert('script')</script>");
        await Assertions.Expect(list).ToContainTextAsync("<img src=x onerror=\"alert('img')\">");
        Assert.Equal(0, await list.Locator("script, img, b").CountAsync());

        foreach (var why in await list.Locator(".sentence-explain").AllAsync()) await why.ClickAsync();
        var heatmaps = list.Locator(".token-heatmap");
        await Assertions.Expect(heatmaps.First).ToBeVisibleAsync();
        await Assertions.Expect(list.Locator(".heatmap-text").First).ToContainTextAsync("<");
        Assert.Equal(0, await heatmaps.Locator("script, img, b").CountAsync());

        // The text is on the page as text (above), and no element anywhere on the page carries its handler, so none can fire
        // later: the dialogs are checked once nothing is left that could open one, not after a wait that might be too short.
        await Assertions.Expect(_page.Locator("[onerror]")).ToHaveCountAsync(0);
        Assert.Empty(_dialogs);
        Assert.Empty(_pageErrors);
    }
}
