using BiasApp.Core.Analysis;
using BiasApp.Core.Explanations;
using BiasApp.Core.Segmentation;

namespace BiasApp.Core.Scoring;

/// <summary>The explainer when none is registered: every mode but none is unavailable.</summary>
public sealed class NoSentenceExplainer : ISentenceExplainer
{
    /// <inheritdoc />
    public string? UnavailableReason(ExplanationMode mode) =>
        mode == ExplanationMode.None ? null : $"Explanation '{mode.ToValue()}' is not available; use 'none'.";

    /// <inheritdoc />
    public Task<IReadOnlyList<SentenceExplanation?>> ExplainAsync(IReadOnlyList<SentenceSpan> sentences, ExplanationMode mode, CancellationToken cancellationToken) =>
        throw new InvalidOperationException(UnavailableReason(mode));
}
