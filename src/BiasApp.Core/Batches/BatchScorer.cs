using BiasApp.Core.Analysis;
using BiasApp.Core.Classification;
using BiasApp.Core.Scoring;

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
/// <param name="Review">True when the model passed the sentence while a high-severity rule fired, as on the analysis page.</param>
public sealed record ScoredSentence(string Text, float Probability, string? Label = null, bool Review = false);

/// <summary>A scored row.</summary>
/// <param name="Index">Zero-based position in the input.</param>
/// <param name="MaxProbability">Highest sentence P(stereotype); 0 when no sentence of the row was scored.</param>
/// <param name="Flagged">True when <paramref name="MaxProbability"/> is at or above the threshold.</param>
/// <param name="Sentences">Per-sentence scores.</param>
public sealed record ScoredRow(int Index, float MaxProbability, bool Flagged, IReadOnlyList<ScoredSentence> Sentences)
{
    /// <summary>The row's label: see <see cref="LabelOf"/>.</summary>
    public string Label => LabelOf(Flagged, Sentences);

    /// <summary>True when any sentence of the row <see cref="ScoredSentence.Review">needs review</see>.</summary>
    public bool Review => Sentences.Any(s => s.Review);

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
/// Scores batch rows through the <see cref="SentenceScorer"/>, a whole chunk of rows in one call so the model sees full
/// batches; a row is flagged when any of its sentences is. Sentences of fewer than <see cref="ShortSentences.MinWords"/> words
/// are <see cref="Labels.TooShort"/>, and a row of only such sentences is too short itself.
/// </summary>
public sealed class BatchScorer(SentenceScorer scorer)
{
    /// <summary>Scores <paramref name="rows"/> at <paramref name="threshold"/>; results come back in input order.</summary>
    public async Task<IReadOnlyList<ScoredRow>> ScoreAsync(IReadOnlyList<BatchInputRow> rows, double threshold, CancellationToken cancellationToken = default)
    {
        // A batch waits for a model slot rather than failing when interactive requests fill the gate's queue.
        var scored = await scorer.ScoreAsync(rows.Select(r => r.Text).ToArray(), new ScoringSettings(threshold, WaitWhenBusy: true, FillCache: false), cancellationToken);
        var results = new ScoredRow[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var sentences = scored.Texts[i].Select(s => new ScoredSentence(s.Text, s.Probability, s.Label, s.Review)).ToArray();
            var max = sentences.Where(s => s.Label != Labels.TooShort).Select(s => s.Probability).DefaultIfEmpty(0f).Max();
            results[i] = new ScoredRow(rows[i].Index, max, sentences.Any(s => s.Label == Labels.Stereotype), sentences);
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
