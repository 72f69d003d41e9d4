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

    [Fact]
    public void RowIsFlaggedWhenAnySentenceIsAndAllSentencesAreScoredInOneCall()
    {
        var classifier = new KeywordClassifier();
        var scorer = new BatchScorer(classifier, new SentenceSegmenter(), 0.5);

        var rows = scorer.Score([
            new BatchInputRow(0, "The weather is nice. All old people are slow."),
            new BatchInputRow(1, "The sky is blue.", "g"),
        ]);

        Assert.Equal(1, classifier.Calls);
        Assert.True(rows[0].Flagged);
        Assert.Equal(0.9f, rows[0].MaxProbability);
        Assert.Equal([0.1f, 0.9f], rows[0].Sentences.Select(s => s.Probability));
        Assert.Equal("All old people are slow.", rows[0].Sentences[1].Text);
        Assert.False(rows[1].Flagged);
        Assert.Equal(1, rows[1].Index);
    }

    [Fact]
    public void ARowOfOnlyShortSentencesIsTooShortNotFlaggedAndNeverScored()
    {
        var classifier = new KeywordClassifier();
        var scorer = new BatchScorer(classifier, new SentenceSegmenter(), 0.5);

        var rows = scorer.Score([
            new BatchInputRow(0, "All right!"),
            new BatchInputRow(1, "Anna"),
            new BatchInputRow(2, "Sport. All old people are slow."),
        ]);

        Assert.Equal(1, classifier.Calls);
        Assert.Equal((Labels.TooShort, false, 0f), (rows[0].Label, rows[0].Flagged, rows[0].MaxProbability));
        Assert.Equal(Labels.TooShort, rows[0].Sentences.Single().Label);
        Assert.Equal(Labels.TooShort, rows[1].Label);
        Assert.Equal((Labels.Stereotype, true), (rows[2].Label, rows[2].Flagged));
        Assert.Equal([Labels.TooShort, Labels.Stereotype], rows[2].Sentences.Select(s => s.Label));
    }

    [Fact]
    public void RowsStoredWithoutSentenceLabelsAreNeverTooShort() =>
        Assert.Equal(Labels.NotStereotype, ScoredRow.LabelOf(false, [new ScoredSentence("Hi.", 0.1f)]));
}
