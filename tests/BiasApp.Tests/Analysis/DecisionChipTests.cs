using BiasApp.Analysis;
using BiasApp.Core.Analysis;
using BiasApp.Core.Classification;
using BiasApp.Core.Decisions;
using Microsoft.Extensions.DependencyInjection;

namespace BiasApp.Tests.Analysis;

public sealed class DecisionChipTests
{
    private static IRenderedComponent<SentenceList> Render(BunitContext ctx, params AnalyzedSentence[] sentences) =>
        ctx.Render<SentenceList>(p => p.Add(x => x.Sentences, sentences));

    [Fact]
    public async Task ASentenceATeamDecisionAppliesToShowsAChipSayingWhoDecidedWhenAndOnWhichSentence()
    {
        await using var ctx = new BunitContext().AddMud();
        var sentence = new AnalyzedSentence(0, 40, "Sikh men often wear a turban, honestly.", Labels.Stereotype, 0.81f)
        {
            Kind = Kinds.None,
            ModelKind = Kinds.Stereotype,
            Decision = new AppliedDecision(Kinds.None, 0.93f, "lead@example.test", new DateTime(2026, 12, 1, 9, 30, 0, DateTimeKind.Utc), 12,
                "Sikh men often wear a turban."),
        };

        var cut = Render(ctx, sentence);

        var chip = cut.Find(".sentence-decision");
        Assert.Contains("Team decision", chip.TextContent);
        var tooltip = chip.GetAttribute("title")!;
        Assert.Contains("lead@example.test", tooltip);
        Assert.Contains("2026-12-01 09:30 UTC", tooltip);
        Assert.Contains("“Sikh men often wear a turban.”", tooltip);
        Assert.Contains("not a stereotype", tooltip);
        Assert.Contains("The model said: stereotype", tooltip);
        Assert.Equal("none", cut.Find(".sentence").GetAttribute("data-kind"));
    }

    [Fact]
    public async Task ASentenceWithoutADecisionHasNoChip()
    {
        await using var ctx = new BunitContext().AddMud();

        var cut = Render(ctx, new AnalyzedSentence(0, 22, "The museum opens at ten.", Labels.NotStereotype, 0.02f) { ModelKind = Kinds.None });

        Assert.Empty(cut.FindAll(".sentence-decision"));
    }

    [Fact]
    public async Task OnTheAnalysisPageANearDuplicateOfADecidedSentenceTakesTheDecisionFromTheOneModelRun()
    {
        using var classifier = StereotypeClassifier.Load(Path.Combine(AppContext.BaseDirectory, "models", "stereotype-minilm"));
        await using var ctx = new BunitContext().AddMud().AddAnalysis(classifier);
        const string decided = "The refugees in Calais are all dangerous men.";
        const string nearDuplicate = "The refugees in Dunkirk are all dangerous men.";
        const string other = "The museum opens at ten on Sundays.";
        var modelKinds = classifier.Classify([nearDuplicate, other]).Select(p => p.Kind ?? Kinds.None).ToArray();
        var modelKind = modelKinds[0];
        var kind = Kinds.Flags(modelKind) ? Kinds.None : Kinds.Stereotype;
        ctx.Services.GetRequiredService<DecisionBook>().Replace(DecisionMatcher.Build(
            [new TeamDecision(21, decided, kind, "lead@example.test", DateTime.UtcNow)], classifier, DecisionOptions.DefaultSimilarity));
        var runs = classifier.Accounting.Runs;
        var page = ctx.Render<AnalyzePage>();

        page.Find("textarea").Input($"{nearDuplicate} {other}");
        page.Find("#analyze-button").Click();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll(".sentence").Count), TimeSpan.FromSeconds(15));

        var chip = Assert.Single(page.FindAll(".sentence-decision"));
        Assert.Contains($"“{decided}”", chip.GetAttribute("title"));
        Assert.Contains("lead@example.test", chip.GetAttribute("title"));
        Assert.Equal([kind, modelKinds[1]], page.FindAll(".sentence").Select(c => c.GetAttribute("data-kind")));
        // Both sentences' verdicts and the near-duplicate's embedding: one model run.
        Assert.Equal(runs + 1, classifier.Accounting.Runs);
    }
}
