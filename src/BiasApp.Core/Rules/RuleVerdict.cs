namespace BiasApp.Core.Rules;

/// <summary>A sentence-level verdict from the rules alone.</summary>
/// <param name="Score">Probability-like score in [0, 1]; 0 when nothing fired.</param>
/// <param name="IsStereotype">True when <paramref name="Score"/> is at least <see cref="RuleDetector.Threshold"/>.</param>
/// <param name="Matches">Every hit, including negated ones and loaded terms, in text order.</param>
public sealed record RuleVerdict(double Score, bool IsStereotype, IReadOnlyList<RuleMatch> Matches);
