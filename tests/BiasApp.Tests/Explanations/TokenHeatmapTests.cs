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

    [Fact]
    public async Task BaselineIsStatedInWordsAndTheActiveMethodIsNamed()
    {
        await using var ctx = new BunitContext().AddMud();
        var heatmap = Render(ctx, Sentence("Women are bad drivers", ExplanationMode.Both));

        // FakeExplainer: f(x) 0.9, f(∅) 0.4.
        Assert.Contains("Score 90% compared with the sentence with every word removed: 40%", heatmap.Find(".heatmap-scores").TextContent);
        Assert.DoesNotContain("masked", heatmap.Markup);
        Assert.Equal("Showing SHAP values", heatmap.Find(".heatmap-method").TextContent);

        heatmap.Find("button.heatmap-lime").Click();
        Assert.Equal("Showing LIME values", heatmap.Find(".heatmap-method").TextContent);

        var tiny = FakeExplainer.Explain("Women are bad drivers", ExplanationMode.Shap) with { BaseProbability = 0.0004 };
        Assert.StartsWith("Score 90% compared with the sentence with every word removed: < 0.1%", Heatmap.Baseline(tiny));
        Assert.EndsWith("removed: 0.4%", Heatmap.Baseline(tiny with { BaseProbability = 0.004 }));
    }

    [Fact]
    public async Task ValuesInsideTheNoiseAreMarkedUncertain()
    {
        await using var ctx = new BunitContext().AddMud();
        const string text = "Women are bad drivers";
        var explanation = FakeExplainer.Explain(text, ExplanationMode.Shap);
        // Errors: 0.1 for every word, so |value| < 0.2 is uncertain: "Women" (+0.1) only; "are" is -0.2 (not below).
        var words = explanation.Shap!.Words.Select(w => w with { Error = 0.1 }).ToArray();
        var sentence = new AnalyzedSentence(0, text.Length, text, Labels.Stereotype, 0.9f)
        {
            Explanation = explanation with { Shap = explanation.Shap with { Words = words } },
        };

        var heatmap = Render(ctx, sentence);

        var uncertain = heatmap.FindAll(".heatmap-uncertain");
        Assert.Equal(["Women"], uncertain.Select(w => w.TextContent));
        Assert.Contains("dotted", uncertain[0].GetAttribute("style"));
        Assert.Contains("uncertain: ± 0.200", uncertain[0].GetAttribute("aria-label"));
        Assert.Contains("within the estimate's noise", heatmap.Find(".heatmap-legend").TextContent);
    }

    [Fact]
    public async Task WithoutErrorsNothingIsMarkedUncertain()
    {
        await using var ctx = new BunitContext().AddMud();
        var heatmap = Render(ctx, Sentence("Women are bad drivers", ExplanationMode.Shap));

        Assert.Empty(heatmap.FindAll(".heatmap-uncertain"));
        Assert.Empty(heatmap.FindAll(".heatmap-uncertain-legend"));
    }
}
