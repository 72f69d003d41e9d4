using System.Text.Json.Serialization;
using BiasApp.Core.Classification;
using BiasApp.Core.Explanations;

namespace BiasApp.Core.Analysis;

/// <summary>Sentence labels as they appear in results and on the wire.</summary>
public static class Labels
{
    public const string Stereotype = "stereotype";
    public const string NotStereotype = "not_stereotype";
}

/// <summary>What to analyse.</summary>
/// <param name="Text">The document; not empty, at most <see cref="AnalysisOptions.MaxTextLength"/> characters.</param>
/// <param name="Explain">Explanation wanted per sentence. Default none.</param>
public sealed record AnalysisRequest(string Text, ExplanationMode Explain = ExplanationMode.None);

/// <summary>The analysis of one document.</summary>
public sealed record DocumentAnalysis(
    IReadOnlyList<AnalyzedSentence> Sentences,
    AnalysisSummary Summary,
    ModelInfo Model,
    AnalysisMode Mode,
    ExplanationMode Explain);

/// <summary>One sentence with its verdict.</summary>
/// <param name="Start">Offset of the sentence in the original text (UTF-16 characters).</param>
/// <param name="Length">Length in UTF-16 characters.</param>
/// <param name="Text">The sentence.</param>
/// <param name="Label"><see cref="Labels.Stereotype"/> or <see cref="Labels.NotStereotype"/>.</param>
/// <param name="Probability">P(stereotype), 0..1.</param>
/// <param name="Axis">Most likely social-group axis; null when the model has no axis head.</param>
/// <param name="AxisProbability">Probability of <paramref name="Axis"/>; null without an axis head.</param>
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

    /// <summary>
    /// Word-level explanation when one was asked for and an explainer is registered; otherwise null.
    /// Its word offsets point into the original document, like <see cref="Start"/>.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SentenceExplanation? Explanation { get; init; }

    /// <summary>Rule-based detector hits in this sentence (offsets into the document); null when the rules are off.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<RuleHit>? RuleHits { get; init; }
}

/// <summary>One rule-based detector hit, with its span in the document.</summary>
public sealed record RuleHit(
    int Start,
    int Length,
    string Text,
    string RuleId,
    string Kind,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Axis,
    string Severity,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Suggestion,
    bool Negated,
    bool Quoted);

/// <summary>Document-level figures.</summary>
/// <param name="SentenceCount">Sentences analysed.</param>
/// <param name="FlaggedCount">Sentences labelled stereotype.</param>
/// <param name="MaxProbability">Highest P(stereotype) of any sentence; 0 for no sentences.</param>
/// <param name="Threshold">Probability at or above which a sentence is flagged.</param>
/// <param name="ElapsedMs">Time spent classifying (and explaining), in milliseconds.</param>
public sealed record AnalysisSummary(int SentenceCount, int FlaggedCount, float MaxProbability, double Threshold, double ElapsedMs);

/// <summary>The model that produced a result.</summary>
public sealed record ModelInfo(string Name, string Version);
