namespace BiasApp.Core.Explanations;

/// <summary>
/// Estimates the Shapley values of a sentence's words when <see cref="ShapExplainer"/> cannot score every coalition
/// within the budget. The app's estimator is <see cref="OwenShapEstimator"/>.
/// </summary>
public interface IShapEstimator
{
    /// <summary>Estimates the values of <paramref name="sentence"/>'s words, at least two of them.</summary>
    /// <param name="sentence">The words and their removal.</param>
    /// <param name="scores">f(x) and f(∅), already scored; they count towards <paramref name="budget"/>.</param>
    /// <param name="budget">Most coalition values to use, f(x) and f(∅) included; at least <see cref="ShapExplainer.MinimumBudget"/>.</param>
    /// <param name="seed">Seed of any random draws; the same seed gives the same values.</param>
    /// <param name="scorer">The model, called in batches, with cancellation checked before every call.</param>
    /// <param name="record">When given, receives every coalition scored here (not f(x) or f(∅)).</param>
    /// <returns>Values that sum to f(x) − f(∅), not marked exact.</returns>
    ShapExplanation Estimate(MaskedSentence sentence, SentenceScores scores, int budget, int seed, CoalitionScorer scorer, CoalitionSamples? record);
}
