namespace BiasApp.Core.Rules;

/// <summary>A generalisation pattern; see the header of <c>lexicon.jsonc</c> for its syntax.</summary>
public sealed record LexiconPattern(string Id, string Pattern, RuleSeverity Severity);
