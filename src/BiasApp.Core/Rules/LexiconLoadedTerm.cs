namespace BiasApp.Core.Rules;

/// <summary>Insensitive wording (one or more spellings) with a neutral alternative.</summary>
public sealed record LexiconLoadedTerm(string Id, IReadOnlyList<string> Terms, string? Suggestion, string? Axis, RuleSeverity Severity);
