using BiasApp.Core.Analysis;
using BiasApp.Core.Scoring;

namespace BiasApp.Core.Batches;

/// <summary>
/// Scores batch rows through the <see cref="SentenceScorer"/>, a whole chunk of rows in one call so the model sees full
/// batches; a row is flagged when any of its sentences is (of kind stereotype or portrayal). Sentences of fewer than <see cref="ShortSentences.MinWords"/> words
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
            var sentences = scored.Texts[i].Select(s => new ScoredSentence(s.Text, s.Probability, s.Label, s.Review, s.Kind, s.ModelKind, s.Decision)).ToArray();
            var max = sentences.Where(s => s.Label != Labels.TooShort).Select(s => s.Probability).DefaultIfEmpty(0f).Max();
            results[i] = new ScoredRow(rows[i].Index, max, scored.Texts[i].Any(s => s.Flagged), sentences);
        }
        return results;
    }
}
