using BiasApp.Core.Explanations;

namespace BiasApp.Core.Scoring;

/// <summary>How <see cref="SentenceScorer"/> scores one call.</summary>
/// <param name="Threshold">Probability at or above which a sentence is a stereotype.</param>
/// <param name="Explain">Explanations to compute beside the scores (none unless asked; ignored in rules mode).</param>
/// <param name="WaitWhenBusy">Wait for a model slot when the gate's queue is full (batches) instead of failing at once (requests).</param>
/// <param name="FillCache">
/// Store what the model computed in the result cache. Batches read the cache but do not fill it: the cache is bounded for the
/// interactive path, and one large audit would otherwise evict every entry the page and the API hold.
/// </param>
public sealed record ScoringSettings(double Threshold, ExplanationMode Explain = ExplanationMode.None, bool WaitWhenBusy = false, bool FillCache = true);
