using BiasApp.Core.Explanations;
using BiasApp.Core.Segmentation;

namespace BiasApp.Core.Analysis;

/// <summary>
/// The seam for explainers. When one is registered, <see cref="AnalysisService"/> asks it for an explanation
/// of every sentence whenever a request's <see cref="ExplanationMode"/> is one it can serve.
/// </summary>
public interface ISentenceExplainer
{
    /// <summary>Why <paramref name="mode"/> cannot be served right now (switched off in configuration, no model); null when it can.</summary>
    string? UnavailableReason(ExplanationMode mode);

    /// <summary>
    /// One explanation (or null) per sentence, in order, with word offsets into the document the
    /// <paramref name="sentences"/> were cut from. Throws <see cref="OperationCanceledException"/> when
    /// <paramref name="cancellationToken"/> fires.
    /// </summary>
    Task<IReadOnlyList<SentenceExplanation?>> ExplainAsync(
        IReadOnlyList<SentenceSpan> sentences, ExplanationMode mode, CancellationToken cancellationToken);
}
