using BiasApp.Analysis;
using BiasApp.Core.Analysis;

namespace BiasApp.Tests.Analysis;

public sealed class SentenceListTests
{
    private static readonly RuleHit EveryDoctorIs =
        new(0, 18, "Every doctor is on", "gen.every-x-is", "generalisation", "profession", "high", null, false, false);

    private static IRenderedComponent<SentenceList> Render(BunitContext ctx, params AnalyzedSentence[] sentences) =>
        ctx.Render<SentenceList>(p => p.Add(x => x.Sentences, sentences));

    [Fact]
    public async Task ASentenceThatNeedsReviewShowsAnAmberChipNamingTheRule()
    {
        await using var ctx = new BunitContext().AddMud();
        var sentence = new AnalyzedSentence(0, 37, "Every doctor is on call once a month.", Labels.NotStereotype, 0.02f, "profession", 0.8f)
        {
            RuleHits = [EveryDoctorIs],
            Review = true,
        };

        var cut = Render(ctx, sentence);

        var paper = cut.Find(".sentence");
        Assert.Equal("true", paper.GetAttribute("data-review"));
        Assert.Contains("--mud-palette-warning", paper.GetAttribute("style"));
        var chip = cut.Find(".sentence-review");
        Assert.Contains("Needs review", chip.TextContent);
        Assert.Contains("mud-chip-color-warning", chip.ClassName);
        Assert.Contains("gen.every-x-is", chip.GetAttribute("title"));
        Assert.DoesNotContain("Not a stereotype", cut.Markup);
        Assert.Equal("profession", cut.Find(".sentence-axis").TextContent.Trim());
    }

    [Fact]
    public async Task ATooShortSentenceIsGreyedWithACaptionInsteadOfAVerdict()
    {
        await using var ctx = new BunitContext().AddMud();

        var cut = Render(ctx, new AnalyzedSentence(0, 5, "Sport", Labels.TooShort, 0f));

        var paper = cut.Find(".sentence");
        Assert.Equal("too_short", paper.GetAttribute("data-label"));
        Assert.Contains("sentence-too-short", paper.ClassName);
        Assert.Contains("--mud-palette-text-secondary", paper.GetAttribute("style"));
        Assert.Equal("too short to judge", cut.Find(".sentence-too-short-caption").TextContent.Trim());
        Assert.Empty(cut.FindAll(".mud-chip"));
        Assert.DoesNotContain("%", cut.Find(".sentence-verdict").TextContent);
    }

    [Fact]
    public async Task TheAxisChipAppearsOnlyOnFlaggedOrReviewSentences()
    {
        await using var ctx = new BunitContext().AddMud();

        var cut = Render(ctx,
            new AnalyzedSentence(0, 21, "All nurses are women.", Labels.Stereotype, 0.9f, "gender", 0.9f),
            new AnalyzedSentence(22, 28, "The report is due on Friday.", Labels.NotStereotype, 0.01f, "profession", 0.4f),
            new AnalyzedSentence(51, 37, "Every doctor is on call once a month.", Labels.NotStereotype, 0.02f, "profession", 0.8f)
            {
                RuleHits = [EveryDoctorIs with { Start = 51 }],
                Review = true,
            });

        var sentences = cut.FindAll(".sentence");
        Assert.Single(sentences[0].QuerySelectorAll(".sentence-axis"));
        Assert.Empty(sentences[1].QuerySelectorAll(".sentence-axis"));
        Assert.Single(sentences[2].QuerySelectorAll(".sentence-axis"));
        Assert.Equal(["false", "false", "true"], sentences.Select(s => s.GetAttribute("data-review")));
    }
}
