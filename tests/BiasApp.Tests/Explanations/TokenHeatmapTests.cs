using System.Globalization;
using BiasApp.Core.Analysis;
using BiasApp.Core.Explanations;
using BiasApp.Explanations;

namespace BiasApp.Tests.Explanations;

public sealed class TokenHeatmapTests
{
    private static AnalyzedSentence Sentence(string text, ExplanationMode mode, int start = 0) =>
        new(start, text.Length, text, Labels.Stereotype, 0.9f) { Explanation = FakeExplainer.Explain(text, mode).ShiftedBy(start) };

    private static IRenderedComponent<TokenHeatmap> Render(BunitContext ctx, AnalyzedSentence sentence) =>
        ctx.Render<TokenHeatmap>(p => p.Add(h => h.Sentence, sentence));

    [Fact]
    public async Task WordsAreTintedByTheSignOfTheirContribution()
    {
        await using var ctx = new BunitContext().AddMud();
        var heatmap = Render(ctx, Sentence("Women are bad drivers", ExplanationMode.Shap));

        var words = heatmap.FindAll(".heatmap-word");
        Assert.Equal(["Women", "are", "bad", "drivers"], words.Select(w => w.TextContent));
        // Values +0.1, -0.2, +0.3, -0.4.
        Assert.Equal(["towards", "against", "towards", "against"], words.Select(w => w.GetAttribute("data-sign")));
        Assert.Contains("--mud-palette-warning", words[0].GetAttribute("style"));
        Assert.Contains("--mud-palette-info", words[1].GetAttribute("style"));
        Assert.DoesNotContain("--mud-palette-info", words[0].GetAttribute("style"));
    }

    [Fact]
    public async Task IntensityGrowsWithMagnitude()
    {
        await using var ctx = new BunitContext().AddMud();
        var heatmap = Render(ctx, Sentence("Women are bad drivers", ExplanationMode.Shap));

        var intensities = heatmap.FindAll(".heatmap-word")
            .Select(w => double.Parse(w.GetAttribute("data-intensity")!, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(intensities.Order(), intensities);
        Assert.True(intensities[0] < intensities[^1]);
        Assert.Equal(1.0, intensities[^1]);
        Assert.True(Heatmap.Intensity(0.1, 0.4) < Heatmap.Intensity(-0.3, 0.4));
    }

    [Fact]
    public async Task HasALegendAndAccessibleFocusableWords()
    {
        await using var ctx = new BunitContext().AddMud();
        var heatmap = Render(ctx, Sentence("Women are bad drivers", ExplanationMode.Shap));

        var legend = heatmap.Find(".heatmap-legend");
        Assert.Contains("Towards stereotype", legend.TextContent);
        Assert.Contains("Against stereotype", legend.TextContent);
        foreach (var word in heatmap.FindAll(".heatmap-word"))
        {
            Assert.Equal("0", word.GetAttribute("tabindex"));
            Assert.StartsWith(word.TextContent + ": ", word.GetAttribute("aria-label"));
            Assert.Equal(word.GetAttribute("aria-label"), word.GetAttribute("title"));
        }
        Assert.Equal("Women: +0.100, towards stereotype", heatmap.FindAll(".heatmap-word")[0].GetAttribute("aria-label"));

        heatmap.FindAll(".heatmap-word")[3].Focus();
        Assert.Contains("drivers: -0.400, against stereotype", heatmap.Find(".heatmap-readout").TextContent);
    }

    [Fact]
    public async Task ToggleSwitchesBetweenShapAndLimeAndShowsTheAgreement()
    {
        await using var ctx = new BunitContext().AddMud();
        var heatmap = Render(ctx, Sentence("Women are bad drivers", ExplanationMode.Both));

        Assert.Equal("shap", heatmap.Find(".token-heatmap").GetAttribute("data-method"));
        Assert.Equal("towards", heatmap.FindAll(".heatmap-word")[0].GetAttribute("data-sign"));
        Assert.Contains("33%", heatmap.Find(".heatmap-agreement").TextContent);
        Assert.Contains("Pearson -1.00", heatmap.Find(".heatmap-agreement").TextContent);
        Assert.Contains("drivers", heatmap.Find(".heatmap-top li").TextContent);

        heatmap.Find("button.heatmap-lime").Click();

        Assert.Equal("lime", heatmap.Find(".token-heatmap").GetAttribute("data-method"));
        Assert.Equal("true", heatmap.Find("button.heatmap-lime").GetAttribute("aria-pressed"));
        Assert.Equal("against", heatmap.FindAll(".heatmap-word")[0].GetAttribute("data-sign"));

        heatmap.Find("button.heatmap-shap").Click();
        Assert.Equal("shap", heatmap.Find(".token-heatmap").GetAttribute("data-method"));
    }

    [Fact]
    public async Task OffsetsAreReadRelativeToTheSentenceStart()
    {
        await using var ctx = new BunitContext().AddMud();
        var heatmap = Render(ctx, Sentence("Old people are slow.", ExplanationMode.Lime, start: 57));

        Assert.Equal("Old people are slow.", heatmap.Find(".heatmap-text").TextContent);
        Assert.Equal(4, heatmap.FindAll(".heatmap-word").Count);
        Assert.True(heatmap.Find("button.heatmap-shap").HasAttribute("disabled"));
    }

    [Fact]
    public async Task UserTextIsRenderedEscaped()
    {
        await using var ctx = new BunitContext().AddMud();
        var heatmap = Render(ctx, Sentence("<script>alert(1)</script> <b>bold</b> are lazy", ExplanationMode.Shap));

        Assert.Empty(heatmap.FindAll("script"));
        Assert.Empty(heatmap.FindAll("b"));
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", heatmap.Markup);
        Assert.Equal("<script>alert(1)</script> <b>bold</b> are lazy", heatmap.Find(".heatmap-text").TextContent);
    }
}
