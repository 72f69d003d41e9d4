namespace BiasApp.Core.Rules;

/// <summary>A social-group axis and its terms ("singular" or "singular/plural").</summary>
public sealed record LexiconGroup(string Axis, IReadOnlyList<string> Terms);
