using BiasApp.Core.Analysis;
using BiasApp.Core.Classification;
using BiasApp.Core.Inference;
using BiasApp.Core.Rules;
using BiasApp.Core.Segmentation;
using BiasApp.Core.Tests.Classification;
using Microsoft.Extensions.Options;

namespace BiasApp.Core.Tests.Analysis;

// The shipped model and the embedded lexicon together, as the app runs them.
public sealed class RealModelAnalysisTests(StereotypeClassifierTests.LoadedModel model) : IClassFixture<StereotypeClassifierTests.LoadedModel>
{
    private static readonly RuleDetector Rules = RuleDetector.CreateDefault();

    /// <summary>Passes every call to the real model and keeps the sentences it was given.</summary>
    private sealed class Recording(IStereotypeClassifier inner) : IStereotypeClassifier
    {
        public List<string> Seen { get; } = [];
        public ModelCard Card => inner.Card;
        public bool HasAxisHead => inner.HasAxisHead;

        public Prediction[] Classify(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
        {
            lock (Seen) Seen.AddRange(texts);
            return inner.Classify(texts, cancellationToken);
        }
    }

    private static AnalysisService Service(IStereotypeClassifier? classifier, ResultCache? cache = null) =>
        Pipeline.Service(new ModelHost(classifier, "switched off for the test", rulesEnabled: true), cache: cache, rules: Rules);

    [Fact]
    public async Task HeadingsNamesAndSalutationsAreTooShortAndNeverReachTheModel()
    {
        var classifier = new Recording(model.Classifier);
        const string text = "Sport\n\nReaders,\nAnna\nAll women are bad drivers.";

        var result = await Service(classifier).AnalyzeAsync(new AnalysisRequest(text));

        Assert.Equal(["Sport", "Readers,", "Anna", "All women are bad drivers."], result.Sentences.Select(s => s.Text));
        Assert.Equal([Labels.TooShort, Labels.TooShort, Labels.TooShort], result.Sentences.Take(3).Select(s => s.Label));
        Assert.All(result.Sentences.Take(3), s =>
        {
            Assert.Equal(0f, s.Probability);
            Assert.Null(s.Axis);
            Assert.Null(s.AxisProbability);
            Assert.False(s.Review);
            Assert.False(s.IsStereotype);
        });
        Assert.Equal(["All women are bad drivers."], classifier.Seen);
        Assert.Equal(4, result.Summary.SentenceCount);
        Assert.Equal(result.Sentences.Count(s => s.IsStereotype), result.Summary.FlaggedCount);
    }

    [Fact]
    public async Task ATextOfOnlyShortSentencesRunsNoModelAtAll()
    {
        var classifier = new Recording(model.Classifier);
        using var cache = new ResultCache(Options.Create(new CacheOptions()));

        var result = await Service(classifier, cache).AnalyzeAsync(new AnalysisRequest("Dear Anna,\nThanks!"));

        Assert.Empty(classifier.Seen);
        Assert.Equal(0, cache.Misses);
        Assert.All(result.Sentences, s => Assert.Equal(Labels.TooShort, s.Label));
        Assert.Equal((2, 0, 0f), (result.Summary.SentenceCount, result.Summary.FlaggedCount, result.Summary.MaxProbability));
    }

    [Fact]
    public async Task InRulesModeATooShortSentenceKeepsItsRuleHitsButGetsNoVerdict()
    {
        var result = await Service(null).AnalyzeAsync(new AnalysisRequest("Retards!\nAll women are lazy."));

        Assert.Equal(AnalysisMode.Rules, result.Mode);
        var lone = result.Sentences[0];
        Assert.Equal((Labels.TooShort, 0f, false), (lone.Label, lone.Probability, lone.Review));
        Assert.Contains(lone.RuleHits!, h => h.RuleId == "loaded.retarded");
        Assert.Equal(Labels.Stereotype, result.Sentences[1].Label);
        Assert.Equal(1, result.Summary.FlaggedCount);
    }

    // The model will be retrained; whatever it says, review must mean "a high-severity rule fired and the model said no".
    [Fact]
    public async Task ReviewIsExactlyAHighSeverityRuleHitThatTheModelPassed()
    {
        const string text = "Every doctor is on call once a month. All women are bad drivers. Not all women are bad drivers. "
            + "The midget submarine was launched in 1942. All nurses are women. The report is due on Friday. Midgets!";

        var result = await Service(model.Classifier).AnalyzeAsync(new AnalysisRequest(text));

        Assert.Equal(7, result.Sentences.Count);
        foreach (var s in result.Sentences)
        {
            var highHit = Rules.Detect(s.Text).Any(m => m.Severity == RuleSeverity.High && !m.Negated);
            Assert.True(s.Review == (highHit && s.Label == Labels.NotStereotype), $"{s.Text}: review {s.Review}, label {s.Label}, high hit {highHit}");
        }
        Assert.False(result.Sentences[^1].Review);
        Assert.Equal(Labels.TooShort, result.Sentences[^1].Label);
        // A duty rota with "every X is": the rule fires, and the model (0.000 for 1.2.0) sees nothing wrong.
        Assert.True(result.Sentences[0].Review, $"model scored {result.Sentences[0].Probability}");
        Assert.DoesNotContain(result.Sentences, s => s.Review && s.IsStereotype);
    }
}
