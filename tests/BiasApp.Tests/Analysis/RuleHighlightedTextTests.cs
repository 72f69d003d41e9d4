using BiasApp.Analysis;
using BiasApp.Core.Analysis;
using Bunit;

namespace BiasApp.Tests.Analysis;

public sealed class RuleHighlightedTextTests
{
    private static AnalyzedSentence Sentence(string text, int start, params RuleHit[] hits) =>
        new(start, text.Length, text, Labels.Stereotype, 0.9f) { RuleHits = hits };

    [Fact]
    public async Task RuleHitsAreUnderlinedAtTheirSpanWithTheRuleInTheLabel()
    {
        await using var ctx = new BunitContext();
        // The sentence starts at 10 in its document; hits carry document offsets.
        var sentence = Sentence("All women are bad drivers.", 10,
            new RuleHit(10, 13, "All women are", "all-x-are", "generalisation", "gender", "high", null, false, false));
        var cut = ctx.Render<RuleHighlightedText>(p => p.Add(x => x.Sentence, sentence));
        var hit = cut.Find("span.rule-hit");
        Assert.Equal("All women are", hit.TextContent);
        Assert.Contains("all-x-are", hit.GetAttribute("aria-label"));
        Assert.Equal("0", hit.GetAttribute("tabindex"));
        Assert.Equal("All women are bad drivers.", cut.Markup.Replace(hit.OuterHtml, "All women are").Trim());
    }

    [Fact]
    public async Task NegatedHitsAreMarkedWeakAndSuggestionsShown()
    {
        await using var ctx = new BunitContext();
        var sentence = Sentence("Not all men are chairmen.", 0,
            new RuleHit(0, 15, "Not all men are", "all-x-are", "generalisation", "gender", "medium", null, true, false),
            new RuleHit(16, 8, "chairmen", "chairman", "loaded_term", null, "low", "chairs", false, false));
        var cut = ctx.Render<RuleHighlightedText>(p => p.Add(x => x.Sentence, sentence));
        var hits = cut.FindAll("span.rule-hit");
        Assert.Equal(2, hits.Count);
        Assert.Contains("rule-hit-weak", hits[0].ClassName);
        Assert.Contains("consider \"chairs\"", hits[1].GetAttribute("title"));
    }

    [Fact]
    public async Task ScriptTextInASentenceIsRenderedEscaped()
    {
        await using var ctx = new BunitContext();
        var sentence = Sentence("<script>alert(1)</script> all men are", 0,
            new RuleHit(26, 11, "all men are", "all-x-are", "generalisation", "gender", "high", null, false, false));
        var cut = ctx.Render<RuleHighlightedText>(p => p.Add(x => x.Sentence, sentence));
        Assert.Empty(cut.FindAll("script"));
        Assert.Contains("&lt;script&gt;", cut.Markup);
    }
}
