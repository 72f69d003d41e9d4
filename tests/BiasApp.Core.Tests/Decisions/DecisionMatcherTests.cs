using System.Globalization;
using BiasApp.Core.Analysis;
using BiasApp.Core.Classification;
using BiasApp.Core.Decisions;
using BiasApp.Core.Tests.Classification;
using Xunit.Abstractions;

namespace BiasApp.Core.Tests.Decisions;

public sealed class DecisionMatcherTests(StereotypeClassifierTests.LoadedModel model, ITestOutputHelper output)
    : IClassFixture<StereotypeClassifierTests.LoadedModel>
{
    // The precision and recall reported in docs/feedback.md for DecisionOptions.DefaultSimilarity on paraphrases.csv: floors.
    private const double ReportedPrecision = 1.0;
    private const double ReportedRecall = 0.975;

    private readonly StereotypeClassifier _classifier = model.Classifier;

    private static readonly TeamDecision Decided = new(7, "Women are too emotional to be leaders.", Kinds.None, "admin@example.com", new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc));

    [Fact]
    public void ShippedModelHasAnEmbeddingOfThreeHundredEightyFourFloats()
    {
        Assert.True(_classifier.HasEmbedding);
        var vectors = _classifier.Embed(["Women are bad at math.", "The museum opens at ten on Sundays.", "Hi there all."]);
        Assert.Equal(3, vectors.Length);
        Assert.All(vectors, v => Assert.Equal(384, v.Length));
    }

    [Fact]
    public void EmbeddingOfASentenceDoesNotDependOnItsBatch()
    {
        var alone = _classifier.Embed(["Old people are always slow and forgetful."])[0];
        var inBatch = _classifier.Embed(["Hi.", "Old people are always slow and forgetful.", "A much longer sentence about the weather in the mountains today."])[1];
        Assert.True(DecisionMatcher.Cosine(alone, inBatch) > 0.999f);
    }

    [Fact]
    public void OneRunGivesTheVerdictsAndTheEmbeddingsThatClassifyAndEmbedGiveApart()
    {
        string[] texts = ["Women are bad at math.", "The museum opens at ten on Sundays.", "Old people are always slow and forgetful.",
            "Hi there all.", "Muslims are all the same, they never change and they never will, no matter what anyone says to them."];
        var runs = _classifier.Accounting.Runs;
        var (predictions, embeddings) = _classifier.ClassifyAndEmbed(texts);
        // BatchSize 4: five texts are two runs, for both outputs.
        Assert.Equal(runs + 2, _classifier.Accounting.Runs);

        var classified = _classifier.Classify(texts);
        var embedded = _classifier.Embed(texts);
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.Equal(classified[i].Probability, predictions[i].Probability, 1e-5f);
            Assert.Equal(classified[i].Kind, predictions[i].Kind);
            Assert.True(DecisionMatcher.Cosine(embedded[i], embeddings[i]) > 0.9999f);
        }
    }

    [Fact]
    public void OfTwoDecisionsOnTheSameNormalisedTextTheLaterApplies()
    {
        var later = Decided with { FeedbackId = 8, Kind = Kinds.Stereotype };
        var other = Decided with { FeedbackId = 9, Text = "The museum opens at ten on Sundays." };
        var matcher = DecisionMatcher.Build([Decided, later, other], classifier: null, DecisionOptions.DefaultSimilarity);
        Assert.Equal(8, matcher.MatchExact("women are too emotional to be leaders!")?.Decision.FeedbackId);
        Assert.Equal(9, matcher.MatchExact("Well, the museum opens at ten on Sundays.")?.Decision.FeedbackId);
        Assert.Null(matcher.MatchExact("The museum opens at nine on Sundays."));
    }

    [Fact]
    public void SameNormalisedTextMatchesWithSimilarityOneWithoutTheModel()
    {
        var matcher = DecisionMatcher.Build([Decided], classifier: null, DecisionOptions.DefaultSimilarity);
        var match = matcher.Match(["Honestly, WOMEN are too emotional to be leaders!"], classifier: null)[0];
        Assert.NotNull(match);
        Assert.Equal(1f, match.Value.Similarity);
        Assert.Equal(7, match.Value.Decision.FeedbackId);
    }

    [Theory]
    [InlineData("Frankly, women are too emotional to be leaders.")]
    [InlineData("WOMEN ARE TOO EMOTIONAL TO BE LEADERS")]
    public void NearDuplicatesTakeTheDecision(string sentence)
    {
        var matcher = DecisionMatcher.Build([Decided], _classifier, DecisionOptions.DefaultSimilarity);
        Assert.NotNull(matcher.Match([sentence], _classifier)[0]);
    }

    [Fact]
    public void ANumberChangeTakesTheDecision()
    {
        var decided = Decided with { Text = "I met 3 engineers from India and they were all great at math." };
        var matcher = DecisionMatcher.Build([decided], _classifier, DecisionOptions.DefaultSimilarity);
        var match = matcher.Match(["I met 5 engineers from India and they were all great at math."], _classifier)[0];
        Assert.NotNull(match);
        Assert.InRange(match.Value.Similarity, DecisionOptions.DefaultSimilarity, 1f);
    }

    [Theory]
    [InlineData("Men are too emotional to be leaders.")]
    [InlineData("The meeting starts at nine tomorrow morning.")]
    public void TheSameTemplateAboutAnotherGroupOrAnUnrelatedSentenceDoesNot(string sentence)
    {
        var matcher = DecisionMatcher.Build([Decided], _classifier, DecisionOptions.DefaultSimilarity);
        Assert.Null(matcher.Match([sentence], _classifier)[0]);
    }

    [Fact]
    public void DefaultThresholdKeepsItsPrecisionOnTheParaphraseDevSet()
    {
        var pairs = ReadPairs();
        var similarities = Similarities(pairs);
        output.WriteLine($"{pairs.Count} pairs: {pairs.Count(p => p.Same)} near-duplicates, {pairs.Count(p => !p.Same)} not");
        output.WriteLine("threshold precision recall tp fp fn");
        for (var t = 0.70; t <= 0.995; t += 0.01)
        {
            var (precision, recall, tp, fp, fn) = Measure(pairs, similarities, t);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{t:0.00} {precision:0.000} {recall:0.000} {tp} {fp} {fn}"));
        }
        for (var i = 0; i < pairs.Count; i++)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{similarities[i]:0.0000} {(pairs[i].Same ? 1 : 0)} {pairs[i].A} | {pairs[i].B}"));
        var at = Measure(pairs, similarities, DecisionOptions.DefaultSimilarity);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"default {DecisionOptions.DefaultSimilarity}: precision {at.Precision:0.000} recall {at.Recall:0.000}"));
        Assert.True(pairs.Count >= 60);
        Assert.True(at.Precision >= ReportedPrecision, $"precision {at.Precision}");
        Assert.True(at.Recall >= ReportedRecall, $"recall {at.Recall}");
    }

    private float[] Similarities(IReadOnlyList<Pair> pairs)
    {
        var result = new float[pairs.Count];
        for (var i = 0; i < pairs.Count; i++)
        {
            // As the matcher decides, with no threshold: a pair that differs in more than details never matches (-1).
            var matcher = DecisionMatcher.Build([Decided with { Text = pairs[i].A }], _classifier, threshold: -1);
            result[i] = matcher.Match([pairs[i].B], _classifier)[0]?.Similarity ?? -1f;
        }
        return result;
    }

    private static (double Precision, double Recall, int Tp, int Fp, int Fn) Measure(IReadOnlyList<Pair> pairs, float[] similarities, double threshold)
    {
        int tp = 0, fp = 0, fn = 0;
        for (var i = 0; i < pairs.Count; i++)
        {
            var match = similarities[i] >= threshold;
            if (match && pairs[i].Same) tp++;
            else if (match) fp++;
            else if (pairs[i].Same) fn++;
        }
        return (tp + fp == 0 ? 1 : (double)tp / (tp + fp), (double)tp / (tp + fn), tp, fp, fn);
    }

    internal sealed record Pair(string A, string B, bool Same);

    internal static List<Pair> ReadPairs()
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Decisions", "paraphrases.csv")).Skip(1);
        return lines.Where(l => l.Length > 0).Select(l =>
        {
            var fields = SplitCsv(l);
            return new Pair(fields[0], fields[1], fields[2] == "1");
        }).ToList();
    }

    private static List<string> SplitCsv(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"') { current.Append('"'); i++; }
            else if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted) { fields.Add(current.ToString()); current.Clear(); }
            else current.Append(c);
        }
        fields.Add(current.ToString());
        return fields;
    }
}
