using System.Text.Json.Serialization;
using BiasApp.Core.Explanations;

namespace BiasApp.Core.Analysis;

/// <summary>
/// One sentence with its verdict. A sentence of fewer than <see cref="ShortSentences.MinWords"/> words is not scored at
/// all (the model never sees it): its label is <see cref="Labels.TooShort"/>, its probability 0, and it has no axis, no
/// explanation and never <see cref="Review"/>; its rule hits are still reported.
/// </summary>
/// <param name="Start">Offset of the sentence in the original text (UTF-16 characters).</param>
/// <param name="Length">Length in UTF-16 characters.</param>
/// <param name="Text">The sentence.</param>
/// <param name="Label"><see cref="Labels.Stereotype"/>, <see cref="Labels.NotStereotype"/> or <see cref="Labels.TooShort"/>.</param>
/// <param name="Probability">P(stereotype), 0..1; 0 for <see cref="Labels.TooShort"/>, which is not scored.</param>
/// <param name="Axis">Most likely social-group axis; null when the model has no axis head or the sentence is too short.</param>
/// <param name="AxisProbability">Probability of <paramref name="Axis"/>; null when <paramref name="Axis"/> is.</param>
public sealed record AnalyzedSentence(
    int Start,
    int Length,
    string Text,
    string Label,
    float Probability,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Axis = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] float? AxisProbability = null)
{
    /// <summary>True when <see cref="Label"/> is <see cref="Labels.Stereotype"/>.</summary>
    [JsonIgnore] public bool IsStereotype => Label == Labels.Stereotype;

    /// <summary>True when <see cref="Label"/> is <see cref="Labels.TooShort"/>: the sentence was not scored.</summary>
    [JsonIgnore] public bool IsTooShort => Label == Labels.TooShort;

    /// <summary>
    /// What the sentence does with a stereotype (<see cref="Kinds"/>): from the model's kind head when it has one; otherwise
    /// <see cref="Kinds.Stereotype"/> for a <see cref="Labels.Stereotype"/> label and <see cref="Kinds.None"/> for the rest.
    /// Always <see cref="Kinds.None"/> for a too-short sentence.
    /// </summary>
    public string Kind
    {
        get => _kind ?? Kinds.FromLabel(Label);
        init => _kind = value;
    }

    private readonly string? _kind;

    /// <summary>
    /// The model's own kind (or the rules'), before any team decision; equal to <see cref="Kind"/> when no decision applies.
    /// Null for a too-short sentence.
    /// </summary>
    public string? ModelKind { get; init; }

    /// <summary>
    /// The team decision that set <see cref="Kind"/> (the sentence is the decided one or a near-duplicate of it); null when
    /// none applies. Serialized as <c>decision</c>, null included.
    /// </summary>
    public Decisions.AppliedDecision? Decision { get; init; }

    /// <summary>True when <see cref="Kind"/> is <see cref="Kinds.Stereotype"/> or <see cref="Kinds.Portrayal"/>: the verdict the summary counts.</summary>
    public bool Flagged => Kinds.Flags(Kind);

    /// <summary>For a reported or portrayal kind, the cue in words where one is found (<see cref="KindCues"/>); otherwise null.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? KindCue { get; init; }

    /// <summary>
    /// Needs review: the model does not flag the sentence (<see cref="Flagged"/> false) while a high-severity rule
    /// (<see cref="Rules.RuleSeverity.High"/>, not negated) fired in the sentence, so the two detectors disagree and a
    /// person should look. False otherwise, and always false for <see cref="Labels.TooShort"/> sentences, in rules mode
    /// (no model to disagree with) and when the rules are off. Serialized as <c>review</c>.
    /// </summary>
    public bool Review { get; init; }

    /// <summary>
    /// Word-level explanation when one was asked for and an explainer is registered; otherwise null.
    /// Its word offsets point into the original document, like <see cref="Start"/>.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SentenceExplanation? Explanation { get; init; }

    /// <summary>Rule-based detector hits in this sentence (offsets into the document); null when the rules are off.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<RuleHit>? RuleHits { get; init; }

    /// <summary>Where the sentence is in an uploaded document (page, paragraph, heading); null for a pasted text.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Documents.SentenceLocation? Location { get; init; }
}
