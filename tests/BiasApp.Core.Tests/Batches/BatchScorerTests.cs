using BiasApp.Core.Analysis;
using BiasApp.Core.Batches;
using BiasApp.Core.Classification;
using BiasApp.Core.Segmentation;

namespace BiasApp.Core.Tests.Batches;

public class BatchScorerTests
{
    private sealed class KeywordClassifier : IStereotypeClassifier
    {
        public int Calls { get; private set; }
        public ModelCard Card { get; } = new() { Name = "keyword", Version = "1" };
        public bool HasAxisHead => false;

        public Prediction[] Classify(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
        {
            Calls++;
            return texts.Select(t => new Prediction(t.Contains("all", StringComparison.OrdinalIgnoreCase) ? 0.9f : 0.1f, null, 0)).ToArray();
        }
    }

    private static BatchScorer Scorer(IStereotypeClassifier classifier, bool rules = false) =>
        new(Analysis.Pipeline.Scorer(new ModelHost(classifier, rulesEnabled: rules)));

    [Fact]
    public async Task RowIsFlaggedWhenAnySentenceIsAndAllSentencesAreScoredInOneCall()
    {
        var classifier = new KeywordClassifier();
        var scorer = Scorer(classifier);

        var rows = await scorer.ScoreAsync([
            new BatchInputRow(0, "The weather is nice. All old people are slow."),
            new BatchInputRow(1, "The sky is blue.", "g"),
        ], 0.5);

        Assert.Equal(1, classifier.Calls);
        Assert.True(rows[0].Flagged);
        Assert.Equal(0.9f, rows[0].MaxProbability);
        Assert.Equal([0.1f, 0.9f], rows[0].Sentences.Select(s => s.Probability));
        Assert.Equal("All old people are slow.", rows[0].Sentences[1].Text);
        Assert.False(rows[1].Flagged);
        Assert.Equal(1, rows[1].Index);
    }

    [Fact]
    public async Task ARowOfOnlyShortSentencesIsTooShortNotFlaggedAndNeverScored()
    {
        var classifier = new KeywordClassifier();
        var scorer = Scorer(classifier);

        var rows = await scorer.ScoreAsync([
            new BatchInputRow(0, "All right!"),
            new BatchInputRow(1, "Anna"),
            new BatchInputRow(2, "Sport. All old people are slow."),
        ], 0.5);

        Assert.Equal(1, classifier.Calls);
        Assert.Equal((Labels.TooShort, false, 0f), (rows[0].Label, rows[0].Flagged, rows[0].MaxProbability));
        Assert.Equal(Labels.TooShort, rows[0].Sentences.Single().Label);
        Assert.Equal(Labels.TooShort, rows[1].Label);
        Assert.Equal((Labels.Stereotype, true), (rows[2].Label, rows[2].Flagged));
        Assert.Equal([Labels.TooShort, Labels.Stereotype], rows[2].Sentences.Select(s => s.Label));
    }

    [Fact]
    public async Task ARowTheModelPassesWhileAHighSeverityRuleFiresNeedsReviewAsOnThePage()
    {
        // The keyword model passes every sentence without "all"; the rules find a slur-level term in the second row.
        var classifier = new KeywordClassifier();
        var rules = Scorer(classifier, rules: true);
        var text = HighSeveritySentence();

        var rows = await rules.ScoreAsync([new BatchInputRow(0, "The sky is blue today."), new BatchInputRow(1, text)], 0.5);
        var page = await Analysis.Pipeline.Service(new ModelHost(classifier, rulesEnabled: true)).AnalyzeAsync(new AnalysisRequest(text));

        Assert.False(rows[0].Review);
        Assert.True(rows[1].Review);
        Assert.False(rows[1].Flagged);
        Assert.True(rows[1].Sentences.Single().Review);
        Assert.Equal(page.Sentences.Single().Review, rows[1].Sentences.Single().Review);
    }

    private static string HighSeveritySentence()
    {
        var rules = BiasApp.Core.Rules.RuleDetector.CreateDefault();
        string[] candidates = ["Women are always late to meetings.", "Women can't drive properly at night."];
        return candidates.First(c => !c.Contains("all", StringComparison.OrdinalIgnoreCase)
            && rules.Detect(c).Any(m => m.Severity == BiasApp.Core.Rules.RuleSeverity.High && !m.Negated));
    }

    [Fact]
    public void RowsStoredWithoutSentenceLabelsAreNeverTooShort() =>
        Assert.Equal(Labels.NotStereotype, ScoredRow.LabelOf(false, [new ScoredSentence("Hi.", 0.1f)]));
}
