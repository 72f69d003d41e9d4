using BiasApp.Core.Segmentation;

namespace BiasApp.Core.Analysis;

/// <summary>
/// Explanation of one sentence's score. Deliberately thin: the explainers (SHAP, LIME, agreement)
/// extend it; the analysis only carries it from the explainer to the result.
/// </summary>
/// <param name="Method">The method that produced it.</param>
public record SentenceExplanation(ExplainMode Method);

/// <summary>
/// The seam for explainers. When one is registered, <see cref="AnalysisService"/> asks it for an explanation
/// of every sentence whenever a request's <see cref="ExplainMode"/> is one it <see cref="Supports"/>.
/// </summary>
public interface ISentenceExplainer
{
    /// <summary>True when this explainer can serve <paramref name="mode"/>.</summary>
    bool Supports(ExplainMode mode);

    /// <summary>One explanation (or null) per sentence, in order.</summary>
    Task<IReadOnlyList<SentenceExplanation?>> ExplainAsync(
        IReadOnlyList<SentenceSpan> sentences, ExplainMode mode, CancellationToken cancellationToken);
}
