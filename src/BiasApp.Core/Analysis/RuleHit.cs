using System.Text.Json.Serialization;

namespace BiasApp.Core.Analysis;

/// <summary>One rule-based detector hit, with its span in the document. <see cref="Severity"/> is <c>low</c>, <c>medium</c> or <c>high</c>.</summary>
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
    bool Quoted)
{
    /// <summary>
    /// True for a hit that makes a sentence the model passed <see cref="AnalyzedSentence.Review">need review</see>: a rule
    /// of the highest lexicon severity (<see cref="Rules.RuleSeverity.High"/>) that is not negated ("not all X are …"
    /// denies the generalisation rather than making it). Quoted hits count: a quoted slur or generalisation still
    /// deserves a look.
    /// </summary>
    [JsonIgnore] public bool IsHighSeverity => !Negated && string.Equals(Severity, "high", StringComparison.OrdinalIgnoreCase);
}
