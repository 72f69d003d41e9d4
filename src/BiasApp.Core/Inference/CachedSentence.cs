using BiasApp.Core.Explanations;
using BiasApp.Core.Classification;

namespace BiasApp.Core.Inference;

/// <summary>What the model said about one sentence, as cached.</summary>
/// <param name="Prediction">The classifier's output.</param>
/// <param name="Explanation">The explanation, when one was asked for.</param>
public sealed record CachedSentence(Prediction Prediction, SentenceExplanation? Explanation)
{
    /// <summary>
    /// The sentence's embedding, for matching team decisions: kept when the run that scored the sentence gave one (while
    /// decisions are in force), or added on a later hit that needed it; null otherwise.
    /// </summary>
    public Decisions.SentenceEmbedding? Embedding { get; init; }
}
