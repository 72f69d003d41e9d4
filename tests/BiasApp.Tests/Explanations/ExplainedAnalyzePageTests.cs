using BiasApp.Analysis;
using BiasApp.Core.Analysis;
using BiasApp.Core.Explanations;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace BiasApp.Tests.Explanations;

public sealed class ExplainedAnalyzePageTests
{
    [Fact]
    public async Task AnExplainedSentenceOpensItsHeatmap()
    {
        await using var ctx = new BunitContext().AddMud().AddAnalysis(new FakeClassifier());
        ctx.Services.AddSingleton<ISentenceExplainer>(new FakeExplainer());
        var page = ctx.Render<AnalyzePage>();

        var select = page.FindComponent<MudSelect<ExplanationMode>>();
        await page.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(ExplanationMode.Both));
        page.Find("textarea").Input("Dogs bark at night. All cats are lazy.");
        page.Find("#analyze-button").Click();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll(".sentence-explain").Count));
        Assert.Empty(page.FindAll(".token-heatmap"));

        page.FindAll(".sentence-explain")[1].Click();

        // The page re-renders after the click; under load that can lag the click's return.
        var heatmap = page.WaitForElement(".token-heatmap");
        Assert.Equal("true", page.FindAll(".sentence-explain")[1].GetAttribute("aria-expanded"));
        Assert.Equal("All cats are lazy.", heatmap.QuerySelector(".heatmap-text")!.TextContent);
        Assert.Equal(["All", "cats", "are", "lazy."], heatmap.QuerySelectorAll(".heatmap-word").Select(w => w.TextContent));
        Assert.NotNull(heatmap.QuerySelector(".heatmap-agreement"));

        page.FindAll(".sentence-explain")[1].Click();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".token-heatmap")));
    }

    [Fact]
    public async Task WithoutAnExplainerSentencesHaveNoHeatmapButton()
    {
        await using var ctx = new BunitContext().AddMud().AddAnalysis(new FakeClassifier());
        var page = ctx.Render<AnalyzePage>();

        page.Find("textarea").Input("All cats are lazy.");
        page.Find("#analyze-button").Click();

        page.WaitForAssertion(() => Assert.Single(page.FindAll(".sentence")));
        Assert.Empty(page.FindAll(".sentence-explain"));
    }
}
