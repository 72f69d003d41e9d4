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
/// <param name="Probability">P(stereotype), 0..1.</param>
public sealed record ScoredSentence(string Text, float Probability);

/// <summary>A scored row.</summary>
/// <param name="Index">Zero-based position in the input.</param>
/// <param name="MaxProbability">Highest sentence P(stereotype); 0 when the row had no sentences.</param>
/// <param name="Flagged">True when <paramref name="MaxProbability"/> is at or above the threshold.</param>
/// <param name="Sentences">Per-sentence scores.</param>
public sealed record ScoredRow(int Index, float MaxProbability, bool Flagged, IReadOnlyList<ScoredSentence> Sentences);

/// <summary>
/// Scores batch rows: segments each text and classifies the sentences of a whole chunk of rows in one
/// <see cref="IStereotypeClassifier.Classify"/> call, so the model sees full batches. A row is flagged when any of
/// its sentences is.
/// </summary>
public sealed class BatchScorer(IStereotypeClassifier classifier, SentenceSegmenter segmenter, double threshold)
{
    /// <summary>Probability at or above which a sentence (and so its row) is flagged.</summary>
    public double Threshold => threshold;

    /// <summary>Scores <paramref name="rows"/>; results come back in input order.</summary>
    public IReadOnlyList<ScoredRow> Score(IReadOnlyList<BatchInputRow> rows, CancellationToken cancellationToken = default)
    {
        var spans = new IReadOnlyList<SentenceSpan>[rows.Count];
        var texts = new List<string>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            spans[i] = segmenter.Split(rows[i].Text);
            foreach (var s in spans[i]) texts.Add(s.Text);
        }
        var predictions = texts.Count == 0 ? [] : classifier.Classify(texts, cancellationToken);

        var results = new ScoredRow[rows.Count];
        var next = 0;
        for (var i = 0; i < rows.Count; i++)
        {
            var sentences = new ScoredSentence[spans[i].Count];
            var max = 0f;
            for (var j = 0; j < sentences.Length; j++, next++)
            {
                var p = predictions[next].Probability;
                sentences[j] = new ScoredSentence(spans[i][j].Text, p);
                max = Math.Max(max, p);
            }
            results[i] = new ScoredRow(rows[i].Index, max, sentences.Length > 0 && max >= threshold, sentences);
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
