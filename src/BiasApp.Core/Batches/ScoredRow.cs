using BiasApp.Core.Analysis;

namespace BiasApp.Core.Batches;

/// <summary>A scored row.</summary>
/// <param name="Index">Zero-based position in the input.</param>
/// <param name="MaxProbability">Highest sentence P(stereotype); 0 when no sentence of the row was scored.</param>
/// <param name="Flagged">True when a sentence of the row is flagged (of kind stereotype or portrayal).</param>
/// <param name="Sentences">Per-sentence scores.</param>
public sealed record ScoredRow(int Index, float MaxProbability, bool Flagged, IReadOnlyList<ScoredSentence> Sentences)
{
    /// <summary>The row's label: see <see cref="LabelOf"/>.</summary>
    public string Label => LabelOf(Flagged, Sentences);

    /// <summary>True when any sentence of the row <see cref="ScoredSentence.Review">needs review</see>.</summary>
    public bool Review => Sentences.Any(s => s.Review);

    /// <summary>The row's kind: see <see cref="KindOf"/>.</summary>
    public string Kind => KindOf(Sentences);

    /// <summary>The most serious kind among a row's sentences (stereotype, portrayal, reported, none); none for no sentences.</summary>
    public static string KindOf(IReadOnlyList<ScoredSentence> sentences)
    {
        var kinds = KindsOf(sentences);
        return Kinds.All.FirstOrDefault(kinds.Contains) ?? Kinds.None;
    }

    /// <summary>The distinct kinds of a row's sentences (<see cref="ScoredSentence.KindOrLabel"/>).</summary>
    public static IReadOnlyCollection<string> KindsOf(IEnumerable<ScoredSentence> sentences) => sentences.Select(s => s.KindOrLabel).ToHashSet();

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
