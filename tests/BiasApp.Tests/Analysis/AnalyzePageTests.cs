using Microsoft.Extensions.DependencyInjection;
using BiasApp.Analysis;
using BiasApp.Core.Analysis;
using BiasApp.Core.Classification;

namespace BiasApp.Tests.Analysis;

public sealed class AnalyzePageTests
{
    // The page re-renders from background work; on a loaded 2-core machine that can take longer than the default second.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    // bUnit waits one second by default; a run on a busy machine (tests in parallel on two cores) can take longer.
    private static readonly TimeSpan Slow = TimeSpan.FromSeconds(15);

    private static void TypeAndAnalyze(IRenderedComponent<AnalyzePage> page, string text)
    {
        page.Find("textarea").Input(text);
        page.Find("#analyze-button").Click();
    }

    [Fact]
    public async Task ShowsEachSentenceWithLabelAndProbabilityAndASummary()
    {
        await using var ctx = new BunitContext().AddMud().AddAnalysis(new FakeClassifier());
        var page = ctx.Render<AnalyzePage>();

        TypeAndAnalyze(page, "All cats are lazy. Dogs bark at night.");

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll(".sentence").Count), Slow);
        var sentences = page.FindAll(".sentence");
        Assert.Equal("stereotype", sentences[0].GetAttribute("data-label"));
        Assert.Contains("All cats are lazy.", sentences[0].TextContent);
        Assert.Contains("90%", sentences[0].TextContent);
        Assert.Equal("not_stereotype", sentences[1].GetAttribute("data-label"));
        Assert.Contains("10%", sentences[1].TextContent);
        Assert.Contains("1 of 2 sentences flagged", page.Find("#verdict-flagged").TextContent);
        Assert.Contains("90%", page.Find("#verdict-max").TextContent);
        Assert.Contains("fake-model 9.9.9", page.Find("#verdict-model").TextContent);
        Assert.Empty(page.FindAll("#analysis-error"));
    }

    [Fact]
    public async Task DisablesTheButtonAndShowsProgressWhileRunning()
    {
        var classifier = new FakeClassifier(held: true);
        await using var ctx = new BunitContext().AddMud().AddAnalysis(classifier);
        var page = ctx.Render<AnalyzePage>();

        TypeAndAnalyze(page, "All cats are lazy.");

        page.WaitForAssertion(() => Assert.True(page.Find("#analyze-button").HasAttribute("disabled")));
        Assert.NotEmpty(page.FindAll("#analysis-progress"));
        page.WaitForAssertion(() => Assert.Contains("Scored 0 of 1 sentences", page.Find("#analysis-progress-text").TextContent));

        classifier.Release();

        page.WaitForAssertion(() => Assert.False(page.Find("#analyze-button").HasAttribute("disabled")));
        Assert.Empty(page.FindAll("#analysis-progress"));
        Assert.Single(page.FindAll(".sentence"));
    }

    [Fact]
    public async Task ShowsAnUnexpectedFailureInThePageInsteadOfCrashing()
    {
        await using var ctx = new BunitContext().AddMud().AddAnalysis(new FakeClassifier(failure: new InvalidOperationException("onnx exploded")));
        var page = ctx.Render<AnalyzePage>();

        TypeAndAnalyze(page, "All cats are lazy.");

        page.WaitForAssertion(() => Assert.Contains(AnalyzePageState.UnexpectedErrorMessage, page.Find("#analysis-error").TextContent));
        Assert.DoesNotContain("onnx exploded", page.Markup);
        Assert.False(page.Find("#analyze-button").HasAttribute("disabled"));
    }

    [Fact]
    public async Task ShowsABannerAndTheReasonWhenTheModelIsMissing()
    {
        await using var ctx = new BunitContext().AddMud().AddAnalysis(classifier: null);
        var page = ctx.Render<AnalyzePage>();

        Assert.Contains("not available", page.Find("#model-banner").TextContent);

        TypeAndAnalyze(page, "All cats are lazy.");

        page.WaitForAssertion(() => Assert.Contains("Model file not found", page.Find("#analysis-error").TextContent));
    }

    [Fact]
    public async Task ButtonIsDisabledUntilThereIsTextAndCounterFollowsTheText()
    {
        await using var ctx = new BunitContext().AddMud().AddAnalysis(new FakeClassifier(), new() { MaxTextLength = 500 });
        var page = ctx.Render<AnalyzePage>();

        Assert.True(page.Find("#analyze-button").HasAttribute("disabled"));
        Assert.Contains("Enter or paste a text to analyze.", page.Find("#analyze-hint").TextContent);
        Assert.Contains("0 / 500", page.Find("#character-count").TextContent);

        page.Find("textarea").Input("Hello there.");

        Assert.False(page.Find("#analyze-button").HasAttribute("disabled"));
        Assert.Empty(page.FindAll("#analyze-hint"));
        Assert.Contains("12 / 500", page.Find("#character-count").TextContent);
        // The count appears once: the text field has no counter of its own.
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(page.Markup, "/ 500"));
    }

    [Fact]
    public async Task FlaggedOnlyHidesTheRestAndSortingPutsTheHighestScoreFirst()
    {
        await using var ctx = new BunitContext().AddMud().AddAnalysis(new FakeClassifier());
        var page = ctx.Render<AnalyzePage>();

        TypeAndAnalyze(page, "Dogs bark at night. All cats are lazy. The bus was late.");
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll(".sentence").Count), Slow);

        page.Find("#analysis-sort").Change(true);
        page.WaitForAssertion(() => Assert.Equal(["All cats are lazy.", "Dogs bark at night.", "The bus was late."],
            page.FindAll(".sentence-text").Select(e => e.TextContent.Trim())), Slow);

        page.Find("#analysis-flagged-only").Change(true);
        page.WaitForAssertion(() => Assert.Single(page.FindAll(".sentence")), Slow);
        var shown = Assert.Single(page.FindAll(".sentence"));
        Assert.Equal("stereotype", shown.GetAttribute("data-label"));
        // The summary still counts the whole document.
        Assert.Contains("1 of 3 sentences flagged", page.Find("#verdict-flagged").TextContent);
    }

    [Fact]
    public async Task FlaggedSentencesAreMarkedInTheOriginalTextAndAMarkJumpsToItsCard()
    {
        await using var ctx = new BunitContext().AddMud().AddAnalysis(new FakeClassifier());
        var module = ctx.JSInterop.SetupModule("./analysis.js");
        module.Mode = JSRuntimeMode.Loose;
        var page = ctx.Render<AnalyzePage>();

        TypeAndAnalyze(page, "Dogs bark at night.\nAll cats are lazy. The bus was late.");

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("#analysis-original")), Slow);
        var original = page.Find("#analysis-original .analysis-original-text");
        Assert.Equal("Dogs bark at night.\nAll cats are lazy. The bus was late.", original.TextContent.Trim());
        var mark = Assert.Single(original.QuerySelectorAll("mark"));
        Assert.Equal("All cats are lazy.", mark.TextContent);

        page.Find("#analysis-original mark").Click();
        page.WaitForAssertion(() => Assert.Single(module.Invocations["reveal"]), Slow);

        var target = (string)module.Invocations["reveal"].Single().Arguments[0]!;
        Assert.Equal("All cats are lazy.", page.Find("#" + target + " .sentence-text").TextContent.Trim());
    }

    [Fact]
    public async Task ResultsExportAsCsvAndJsonDownloads()
    {
        await using var ctx = new BunitContext().AddMud().AddAnalysis(new FakeClassifier());
        var module = ctx.JSInterop.SetupModule("./analysis.js");
        module.Mode = JSRuntimeMode.Loose;
        var page = ctx.Render<AnalyzePage>();
        TypeAndAnalyze(page, "All cats are lazy. Dogs bark at night.");
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll(".sentence").Count), Slow);

        page.Find("#analysis-export-csv").Click();
        page.WaitForAssertion(() => Assert.Single(module.Invocations["download"]), Slow);
        page.Find("#analysis-export-json").Click();
        page.WaitForAssertion(() => Assert.Equal(2, module.Invocations["download"].Count), Slow);

        var downloads = module.Invocations["download"].Select(i => i.Arguments).ToList();
        Assert.Equal(2, downloads.Count);
        Assert.Matches(@"^analysis-\d{8}-\d{6}\.csv$", (string)downloads[0][0]!);
        var csv = ((string)downloads[0][2]!).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("sentence,start,length,text,label,probability,review,axis,axis_probability,rules,kind,flagged", csv[0]);
        Assert.Equal("1,0,18,All cats are lazy.,stereotype,0.9,false,,,,stereotype,true", csv[1]);
        Assert.Equal("2,19,19,Dogs bark at night.,not_stereotype,0.1,false,,,,none,false", csv[2]);

        Assert.Equal("application/json", downloads[1][1]);
        using var json = System.Text.Json.JsonDocument.Parse((string)downloads[1][2]!);
        Assert.Equal("All cats are lazy. Dogs bark at night.", json.RootElement.GetProperty("text").GetString());
        Assert.Equal(["stereotype", "not_stereotype"], json.RootElement.GetProperty("sentences").EnumerateArray().Select(s => s.GetProperty("label").GetString()));
        Assert.Equal(1, json.RootElement.GetProperty("summary").GetProperty("flaggedCount").GetInt32());
    }

    [Fact]
    public async Task TextAndResultAreStillThereAfterLeavingThePageAndComingBack()
    {
        await using var ctx = new BunitContext().AddMud().AddAnalysis(new FakeClassifier());
        var page = ctx.Render<AnalyzePage>();
        TypeAndAnalyze(page, "All cats are lazy. Dogs bark at night.");
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll(".sentence").Count), Slow);
        page.Find("#analysis-flagged-only").Change(true);
        page.WaitForAssertion(() => Assert.Single(page.FindAll(".sentence")), Slow);

        // Leaving disposes the page; coming back within the same circuit (the same scoped services) renders a new one.
        await ctx.DisposeComponentsAsync();
        var again = ctx.Render<AnalyzePage>();
        again.WaitForAssertion(() => Assert.Single(again.FindAll(".sentence")), Slow);

        Assert.Equal("All cats are lazy. Dogs bark at night.", again.Find("textarea").GetAttribute("value") ?? again.Find("textarea").TextContent);
        Assert.Single(again.FindAll(".sentence"));
        Assert.Contains("1 of 2 sentences flagged", again.Find("#verdict-flagged").TextContent);
    }

    [Fact]
    public async Task APasteCutAtTheLimitIsReportedUntilTheTextIsShortened()
    {
        await using var ctx = new BunitContext().AddMud().AddAnalysis(new FakeClassifier(), new() { MaxTextLength = 20 });
        var page = ctx.Render<AnalyzePage>();

        page.Find("textarea").Input(new string('a', 20));
        await page.InvokeAsync(() => page.Instance.OnPasteTruncated(31));

        Assert.Contains("The pasted text had 31 characters; only the first 20 were kept", page.Find("#analysis-truncated").TextContent);

        page.Find("textarea").Input(new string('a', 19));
        Assert.Empty(page.FindAll("#analysis-truncated"));
    }

    [Fact]
    public async Task CancelStopsARunningAnalysisAndFreesTheModel()
    {
        var classifier = new FakeClassifier(held: true);
        await using var ctx = new BunitContext().AddMud().AddAnalysis(classifier);
        var page = ctx.Render<AnalyzePage>();

        TypeAndAnalyze(page, "All cats are lazy. Dogs bark at night.");
        page.WaitForAssertion(() => Assert.Contains("Scored 0 of 2", page.Find("#analysis-progress-text").TextContent), Patience);
        await page.InvokeAsync(() => page.Find("#analysis-cancel").Click());

        // The held classifier call returns only through its cancellation token: the server's work was stopped.
        page.WaitForAssertion(() => Assert.Equal("The analysis was cancelled.", page.Find("#analysis-error").TextContent.Trim()), Patience);
        Assert.False(page.Find("#analyze-button").HasAttribute("disabled"));
        Assert.Empty(page.FindAll(".sentence"));
        Assert.Equal(0, ctx.Services.GetRequiredService<BiasApp.Core.Inference.InferenceGate>().InFlight);
    }
}
