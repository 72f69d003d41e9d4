using BiasApp.Analysis;

namespace BiasApp.Tests.Analysis;

public sealed class AnalyzePageTests
{
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

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll(".sentence").Count));
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
        Assert.Contains("0 / 500", page.Find("#character-count").TextContent);

        page.Find("textarea").Input("Hello there.");

        Assert.False(page.Find("#analyze-button").HasAttribute("disabled"));
        Assert.Contains("12 / 500", page.Find("#character-count").TextContent);
    }
}
