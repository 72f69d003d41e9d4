using BiasApp.Core.Analysis;
using BiasApp.Core.Explanations;
using BiasApp.Core.Segmentation;

namespace BiasApp.Tests.Explanations;

/// <summary>Explains every word with a value that grows along the sentence, alternating in sign; serves every mode.</summary>
public sealed class FakeExplainer : ISentenceExplainer
{
    public string? UnavailableReason(ExplanationMode mode) => null;

    public Task<IReadOnlyList<SentenceExplanation?>> ExplainAsync(IReadOnlyList<SentenceSpan> sentences, ExplanationMode mode, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<SentenceExplanation?>>(sentences.Select(s => Explain(s.Text, mode).ShiftedBy(s.Start)).ToArray());

    /// <summary>The explanation of <paramref name="sentence"/> at offset 0: word i gets ±0.1·(i+1), LIME the negation.</summary>
    public static SentenceExplanation Explain(string sentence, ExplanationMode mode)
    {
        var words = System.Text.RegularExpressions.Regex.Matches(sentence, @"[^\s]+")
            .Select((m, i) => new WordAttribution(m.Value, m.Index, m.Length, (i % 2 == 0 ? 1 : -1) * 0.1 * (i + 1)))
            .ToArray();
        var shap = mode.HasFlag(ExplanationMode.Shap) ? new ShapExplanation(words, 0.9, 0.4, true, 0, 32) : null;
        var lime = mode.HasFlag(ExplanationMode.Lime)
            ? new LimeExplanation(words.Select(w => w with { Value = -w.Value }).ToArray(), 0.3, 0.8, 200) : null;
        var agreement = shap is not null && lime is not null ? new ExplanationAgreement(-1, -1, 0, 1.0 / 3) : null;
        return new SentenceExplanation(sentence, mode, 0.9, 0.4, shap, lime, agreement, false, 32);
    }
}
