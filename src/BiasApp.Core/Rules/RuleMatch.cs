namespace BiasApp.Core.Rules;

/// <summary>One rule hit in a text.</summary>
/// <param name="Start">Offset of the hit in the original (un-normalised) text, in UTF-16 code units.</param>
/// <param name="Length">Length of the hit in the original text; <c>text.Substring(Start, Length)</c> is <see cref="Text"/>.</param>
/// <param name="RuleId">Id of the lexicon rule that fired, e.g. <c>gen.all-x-are</c> or <c>loaded.mankind</c>.</param>
/// <param name="Kind">Generalisation or loaded term.</param>
/// <param name="Axis">Social-group axis (gender, race, nationality, religion, profession, lgbtq+, age, disability); null when no group term is involved.</param>
/// <param name="Severity">The rule's severity from the lexicon.</param>
/// <param name="GroupTerm">The group term as the lexicon lists it (singular, lower case), for generalisations; null for loaded terms.</param>
/// <param name="Suggestion">A neutral alternative, for loaded terms; otherwise null.</param>
/// <param name="Negated">True when the statement is denied or reported as a myth ("not all X are", "it is false that ...").</param>
/// <param name="Quoted">True when the hit starts inside double quotes.</param>
/// <param name="Text">The matched text, taken from the original text.</param>
/// <param name="Trait">For generalisations, a lexicon trait word ("lazy", "violent") found in the hit or later in its sentence; otherwise null.</param>
public sealed record RuleMatch(
    int Start,
    int Length,
    string RuleId,
    RuleKind Kind,
    string? Axis,
    RuleSeverity Severity,
    string? GroupTerm,
    string? Suggestion,
    bool Negated,
    bool Quoted,
    string Text,
    string? Trait = null);
