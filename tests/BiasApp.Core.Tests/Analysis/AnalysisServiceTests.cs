using BiasApp.Core.Analysis;
using BiasApp.Core.Classification;
using BiasApp.Core.Explanations;
using BiasApp.Core.Segmentation;
using Microsoft.Extensions.Options;

namespace BiasApp.Core.Tests.Analysis;

public sealed class AnalysisServiceTests
{
    /// <summary>Scores a sentence 0.9 when it contains "all", else 0.1, and records every call.</summary>
    private sealed class KeywordClassifier(bool withAxis = false) : IStereotypeClassifier
    {
        public List<string[]> Calls { get; } = [];
        public ModelCard Card { get; } = new() { Name = "fake", Version = "1.2.3", AxisLabels = withAxis ? ["gender", "age"] : [] };
        public bool HasAxisHead => withAxis;

        public Prediction[] Classify(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
        {
            Calls.Add(texts.ToArray());
            return texts.Select(t => new Prediction(
                t.Contains("all", StringComparison.OrdinalIgnoreCase) ? 0.9f : 0.1f,
                withAxis ? "gender" : null,
                withAxis ? 0.7f : 0f)).ToArray();
        }
    }

    private static AnalysisService Service(IStereotypeClassifier? classifier, AnalysisOptions? options = null, ISentenceExplainer? explainer = null) =>
        Pipeline.Service(new ModelHost(classifier, "missing for the test"), options, explainer);

    [Fact]
    public async Task ClassifiesEverySentenceOfADocumentInOneBatch()
    {
        var classifier = new KeywordClassifier();
        var result = await Service(classifier).AnalyzeAsync(new AnalysisRequest("All cats are lazy. Dogs bark at night. Birds sing at dawn."));
        Assert.Single(classifier.Calls);
        Assert.Equal(["All cats are lazy.", "Dogs bark at night.", "Birds sing at dawn."], classifier.Calls[0]);
        Assert.Equal(3, result.Sentences.Count);
    }

    [Fact]
    public async Task LabelsSummaryAndModelFollowTheScores()
    {
        const string text = "All cats are lazy.  Dogs bark at night.";
        var result = await Service(new KeywordClassifier()).AnalyzeAsync(new AnalysisRequest(text));
        Assert.Equal([Labels.Stereotype, Labels.NotStereotype], result.Sentences.Select(s => s.Label));
        Assert.All(result.Sentences, s => Assert.Equal(s.Text, text.Substring(s.Start, s.Length)));
        Assert.Equal(1, result.Summary.FlaggedCount);
        Assert.Equal(2, result.Summary.SentenceCount);
        Assert.Equal(0.9f, result.Summary.MaxProbability);
        Assert.Equal(new ModelInfo("fake", "1.2.3"), result.Model);
        Assert.Equal(AnalysisMode.Model, result.Mode);
        Assert.All(result.Sentences, s => Assert.Null(s.Axis));
    }

    [Fact]
    public async Task ThresholdDecidesTheLabel()
    {
        var result = await Service(new KeywordClassifier(), new AnalysisOptions { Threshold = 0.95 }).AnalyzeAsync(new AnalysisRequest("All cats are lazy."));
        Assert.Equal(Labels.NotStereotype, result.Sentences[0].Label);
        Assert.Equal(0, result.Summary.FlaggedCount);
    }

    [Fact]
    public async Task AxisIsCopiedWhenTheModelHasOne()
    {
        var result = await Service(new KeywordClassifier(withAxis: true)).AnalyzeAsync(new AnalysisRequest("All men are tall."));
        Assert.Equal("gender", result.Sentences[0].Axis);
        Assert.Equal(0.7f, result.Sentences[0].AxisProbability);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n ")]
    public void BlankTextIsInvalid(string text) => Assert.True(Service(new KeywordClassifier()).Validate(text, ExplanationMode.None).ContainsKey("text"));

    [Fact]
    public async Task TextOverTheLimitIsRejected()
    {
        var service = Service(new KeywordClassifier(), new AnalysisOptions { MaxTextLength = 10 });
        Assert.True(service.Validate(new string('a', 11), ExplanationMode.None).ContainsKey("text"));
        Assert.Empty(service.Validate(new string('a', 10), ExplanationMode.None));
        await Assert.ThrowsAsync<ArgumentException>(() => service.AnalyzeAsync(new AnalysisRequest(new string('a', 11))));
    }

    [Fact]
    public void ExplanationsAreUnavailableUntilAnExplainerIsRegistered()
    {
        var service = Service(new KeywordClassifier());
        Assert.True(service.Supports(ExplanationMode.None));
        Assert.False(service.Supports(ExplanationMode.Shap));
        Assert.True(service.Validate("Fine text.", ExplanationMode.Both).ContainsKey("explain"));
    }

    [Fact]
    public void TheExplainersReasonBecomesTheValidationMessage()
    {
        var service = Service(new KeywordClassifier(), explainer: new ShapOnlyExplainer());
        Assert.True(service.Supports(ExplanationMode.Shap));
        Assert.Equal(["Only SHAP here."], service.Validate("Fine text.", ExplanationMode.Lime)["explain"]);
    }

    [Fact]
    public async Task RegisteredExplainerAttachesAnExplanationToEachSentence()
    {
        var service = Service(new KeywordClassifier(), explainer: new ShapOnlyExplainer());
        var result = await service.AnalyzeAsync(new AnalysisRequest("All cats are lazy. Dogs bark at night.", ExplanationMode.Shap));
        Assert.All(result.Sentences, s => Assert.Equal(ExplanationMode.Shap, s.Explanation?.Mode));
        var plain = await service.AnalyzeAsync(new AnalysisRequest("All cats are lazy."));
        Assert.Null(plain.Sentences[0].Explanation);
    }

    private sealed class ShapOnlyExplainer : ISentenceExplainer
    {
        public string? UnavailableReason(ExplanationMode mode) => mode == ExplanationMode.Shap ? null : "Only SHAP here.";
        public Task<IReadOnlyList<SentenceExplanation?>> ExplainAsync(IReadOnlyList<SentenceSpan> sentences, ExplanationMode mode, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<SentenceExplanation?>>(sentences.Select(s => new SentenceExplanation(s.Text, mode, 0.5, null, null, null, null, false, 1)).ToArray());
    }

    [Fact]
    public async Task TooShortSentencesGetNoExplanationAndNoAxisAndAreNotCounted()
    {
        var classifier = new KeywordClassifier(withAxis: true);
        var service = Service(classifier, explainer: new ShapOnlyExplainer());
        var result = await service.AnalyzeAsync(new AnalysisRequest("Sport\nAll cats are lazy.\nAll right!", ExplanationMode.Shap));

        Assert.Equal([Labels.TooShort, Labels.Stereotype, Labels.TooShort], result.Sentences.Select(s => s.Label));
        Assert.Equal(["All cats are lazy."], classifier.Calls.Single());
        var tooShort = result.Sentences.Where(s => s.IsTooShort).ToArray();
        Assert.All(tooShort, s => Assert.Equal(0f, s.Probability));
        Assert.All(tooShort, s => Assert.Null(s.Explanation));
        Assert.All(tooShort, s => Assert.Null(s.Axis));
        Assert.All(tooShort, s => Assert.False(s.Review));
        Assert.NotNull(result.Sentences[1].Explanation);
        Assert.Equal((3, 1), (result.Summary.SentenceCount, result.Summary.FlaggedCount));
    }

    [Fact]
    public async Task MissingModelMakesAnalysisUnavailable()
    {
        var ex = await Assert.ThrowsAsync<AnalysisUnavailableException>(() => Service(null).AnalyzeAsync(new AnalysisRequest("Hello there.")));
        Assert.Contains("missing for the test", ex.Message);
    }
}
