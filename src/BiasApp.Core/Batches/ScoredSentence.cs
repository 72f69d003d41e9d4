using BiasApp.Core.Analysis;

namespace BiasApp.Core.Batches;

/// <summary>One scored sentence of a row.</summary>
/// <param name="Text">The sentence.</param>
/// <param name="Probability">P(stereotype), 0..1; 0 for a <see cref="Labels.TooShort"/> sentence, which is not scored.</param>
/// <param name="Label">
/// <see cref="Labels.Stereotype"/>, <see cref="Labels.NotStereotype"/> or <see cref="Labels.TooShort"/>; null for rows
/// stored before sentences carried a label.
/// </param>
/// <param name="Review">True when the model did not flag the sentence while a high-severity rule fired, as on the analysis page.</param>
/// <param name="Kind">The sentence's kind (<see cref="Kinds"/>), as on the analysis page; null for rows stored before kinds were kept.</param>
/// <param name="ModelKind">
/// The model's own kind, before any team decision (as <see cref="AnalyzedSentence.ModelKind"/>); null for a too-short sentence
/// and for rows stored before it was kept.
/// </param>
/// <param name="Decision">The team decision that set <paramref name="Kind"/>; null when none applied (or the row was stored before decisions were kept).</param>
public sealed record ScoredSentence(string Text, float Probability, string? Label = null, bool Review = false, string? Kind = null,
    string? ModelKind = null, Decisions.AppliedDecision? Decision = null)
{
    /// <summary><see cref="Kind"/>, or for a sentence stored without one, stereotype when its label is and none otherwise.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string KindOrLabel => Kind ?? Kinds.FromLabel(Label);
}
