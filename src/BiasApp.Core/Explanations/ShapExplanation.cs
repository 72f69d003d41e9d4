namespace BiasApp.Core.Explanations;

/// <summary>Shapley values of the words of one sentence.</summary>
/// <param name="Words">One value per feature word; they sum to <paramref name="FullScore"/> − <paramref name="BaseScore"/>.</param>
/// <param name="FullScore">f(x).</param>
/// <param name="BaseScore">f(∅), every word removed.</param>
/// <param name="Exact">True when every coalition was evaluated; false when estimated.</param>
/// <param name="Permutations">Independent samples drawn (coalition pairs or permutations; 0 when exact or not sampled).</param>
/// <param name="Evaluations">Coalition values used, f(x) and f(∅) included; never more than the budget.</param>
public sealed record ShapExplanation(
    IReadOnlyList<WordAttribution> Words, double FullScore, double BaseScore, bool Exact, int Permutations, int Evaluations);
