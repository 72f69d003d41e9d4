using BiasApp.Core.Batches;

namespace BiasApp.Batches;

/// <summary>
/// One scored row as results are streamed and exported: <c>Index</c> among the scored rows, <c>SourceRow</c> its number
/// in the uploaded file (null for rows stored before it was kept), <c>Columns</c> its pass-through values and <c>Compare</c>
/// its value in the batch's compare column (null when there is none or it is blank; the value is also among the columns).
/// </summary>
public sealed record BatchResultRow(int Index, string Text, string? Group, float MaxProbability, bool Flagged, IReadOnlyList<ScoredSentence> Sentences,
    int? SourceRow = null, IReadOnlyDictionary<string, string>? Columns = null, string? Compare = null)
{
    /// <summary><c>stereotype</c>, <c>not_stereotype</c> or <c>too_short</c> (no sentence of the row was scored); see <see cref="ScoredRow.LabelOf"/>.</summary>
    public string Label => ScoredRow.LabelOf(Flagged, Sentences);

    /// <summary>The most serious kind among the row's sentences; see <see cref="ScoredRow.KindOf"/>.</summary>
    public string Kind => ScoredRow.KindOf(Sentences);

    /// <summary>True when a sentence of the row needs review: the model passed it while a high-severity rule fired, as on the analysis page.</summary>
    public bool Review => Sentences.Any(s => s.Review);
}
