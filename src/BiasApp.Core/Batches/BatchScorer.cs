using BiasApp.Core.Analysis;
using BiasApp.Core.Classification;
using BiasApp.Core.Segmentation;

namespace BiasApp.Core.Batches;

/// <summary>One input row of a batch.</summary>
/// <param name="Index">Zero-based position in the input.</param>
/// <param name="Text">The text to score.</param>
/// <param name="Group">Optional social group the text is about (e.g. the prompt's target group).</param>
public sealed record BatchInputRow(int Index, string Text, string? Group = null);

/// <summary>One scored sentence of a row.</summary>
/// <param name="Text">The sentence.</param>
/// <param name="Probability">P(stereotype), 0..1; 0 for a <see cref="Labels.TooShort"/> sentence, which is not scored.</param>
/// <param name="Label">
/// <see cref="Labels.Stereotype"/>, <see cref="Labels.NotStereotype"/> or <see cref="Labels.TooShort"/>; null for rows
/// stored before sentences carried a label.
/// </param>
public sealed record ScoredSentence(string Text, float Probability, string? Label = null);

/// <summary>A scored row.</summary>
/// <param name="Index">Zero-based position in the input.</param>
/// <param name="MaxProbability">Highest sentence P(stereotype); 0 when no sentence of the row was scored.</param>
/// <param name="Flagged">True when <paramref name="MaxProbability"/> is at or above the threshold.</param>
/// <param name="Sentences">Per-sentence scores.</param>
public sealed record ScoredRow(int Index, float MaxProbability, bool Flagged, IReadOnlyList<ScoredSentence> Sentences)
{
    /// <summary>The row's label: see <see cref="LabelOf"/>.</summary>
    public string Label => LabelOf(Flagged, Sentences);

    /// <summary>
    /// A row's label: <see cref="Labels.TooShort"/> when none of its sentences was scored (each has fewer than
    /// <see cref="ShortSentences.MinWords"/> words), else <see cref="Labels.Stereotype"/> when it is flagged and
    /// <see cref="Labels.NotStereotype"/> when not. A too-short row is never flagged.
    /// </summary>
    public static string LabelOf(bool flagged, IReadOnlyList<ScoredSentence> sentences) =>
        flagged ? Labels.Stereotype
        : sentences.All(s => s.Label == Labels.TooShort) ? Labels.TooShort
        : Labels.NotStereotype;
}

/// <summary>
/// Scores batch rows: segments each text and classifies the sentences of a whole chunk of rows in one
/// <see cref="IStereotypeClassifier.Classify"/> call, so the model sees full batches. A row is flagged when any of
/// its sentences is. Sentences of fewer than <see cref="ShortSentences.MinWords"/> words are not sent to the model:
/// they are <see cref="Labels.TooShort"/> with probability 0, and a row of only such sentences is too short itself.
/// </summary>
public sealed class BatchScorer(IStereotypeClassifier classifier, SentenceSegmenter segmenter, double threshold)
{
    /// <summary>Probability at or above which a sentence (and so its row) is flagged.</summary>
    public double Threshold => threshold;

    /// <summary>Scores <paramref name="rows"/>; results come back in input order.</summary>
    public IReadOnlyList<ScoredRow> Score(IReadOnlyList<BatchInputRow> rows, CancellationToken cancellationToken = default)
    {
        var spans = new IReadOnlyList<SentenceSpan>[rows.Count];
        var tooShort = new bool[rows.Count][];
        var texts = new List<string>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            spans[i] = segmenter.Split(rows[i].Text);
            tooShort[i] = spans[i].Select(s => ShortSentences.IsTooShort(s.Text)).ToArray();
            for (var j = 0; j < spans[i].Count; j++)
            {
                if (!tooShort[i][j]) texts.Add(spans[i][j].Text);
            }
        }
        var predictions = texts.Count == 0 ? [] : classifier.Classify(texts, cancellationToken);

        var results = new ScoredRow[rows.Count];
        var next = 0;
        for (var i = 0; i < rows.Count; i++)
        {
            var sentences = new ScoredSentence[spans[i].Count];
            var max = 0f;
            var scored = false;
            for (var j = 0; j < sentences.Length; j++)
            {
                var text = spans[i][j].Text;
                if (tooShort[i][j])
                {
                    sentences[j] = new ScoredSentence(text, 0f, Labels.TooShort);
                    continue;
                }
                var p = predictions[next++].Probability;
                sentences[j] = new ScoredSentence(text, p, p >= threshold ? Labels.Stereotype : Labels.NotStereotype);
                max = Math.Max(max, p);
                scored = true;
            }
            results[i] = new ScoredRow(rows[i].Index, max, scored && max >= threshold, sentences);
        }
        return results;
    }
}

/// <summary>Progress of a running batch.</summary>
/// <param name="RowsDone">Rows scored so far.</param>
/// <param name="RowsTotal">Rows in the batch.</param>
/// <param name="Elapsed">Time since scoring started.</param>
public readonly record struct BatchProgress(int RowsDone, int RowsTotal, TimeSpan Elapsed)
{
    /// <summary>Rows per second so far; 0 before any row is done.</summary>
    public double RowsPerSecond => RowsDone == 0 || Elapsed <= TimeSpan.Zero ? 0 : RowsDone / Elapsed.TotalSeconds;

    /// <summary>Fraction done, 0..1 (1 for an empty batch).</summary>
    public double Fraction => RowsTotal == 0 ? 1 : (double)RowsDone / RowsTotal;

    /// <summary>Estimated time left at the current rate; null until a rate is known.</summary>
    public TimeSpan? Remaining => RowsPerSecond > 0 ? TimeSpan.FromSeconds((RowsTotal - RowsDone) / RowsPerSecond) : null;
}
