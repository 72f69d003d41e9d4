using BiasApp.Core.Analysis;
using BiasApp.Core.Classification;
using BiasApp.Core.Segmentation;
using Microsoft.Extensions.Options;

namespace BiasApp.Core.Explanations;

/// <summary>
/// The analysis' <see cref="ISentenceExplainer"/> over <see cref="SentenceExplainer"/> and the shared model
/// (singleton). Refuses methods switched off in <see cref="ExplanationOptions"/> with a message that says so, runs
/// the CPU-bound work on the thread pool (never on a Blazor circuit's thread), sentence after sentence so that one
/// request holds one core, and stops at the next scorer call once the token fires (closed tab, aborted request). With a model
/// that normalises its input (<see cref="IStereotypeClassifier.Normalises"/>) the normalised sentence is explained, so the
/// heatmap explains the probability shown, and its words are mapped back onto the sentence as written (a removed leading
/// marker gets no value).
/// </summary>
public sealed class ModelSentenceExplainer : ISentenceExplainer
{
    private readonly ModelHost _models;
    private readonly ExplanationOptions _options;
    private readonly Lazy<SentenceExplainer?> _explainer;

    public ModelSentenceExplainer(ModelHost models, IOptions<ExplanationOptions> options)
    {
        _models = models;
        _options = options.Value;
        // Explaining needs the real classifier's encoder and batch scorer; a substitute classifier has neither.
        _explainer = new Lazy<SentenceExplainer?>(() =>
            models.Classifier is StereotypeClassifier classifier ? new SentenceExplainer(classifier, options) : null);
    }

    /// <inheritdoc />
    public string? UnavailableReason(ExplanationMode mode)
    {
        if (mode == ExplanationMode.None) return null;
        if (!_options.Enabled)
            return "Explanations are switched off on this server (Explanations:Enabled=false); use 'none'.";
        var off = mode & ~_options.Resolve(mode);
        if (off != ExplanationMode.None)
        {
            var what = off == ExplanationMode.Both ? "SHAP and LIME are" : off == ExplanationMode.Shap ? "SHAP is" : "LIME is";
            var allowed = ExplanationModes.Names.Where(n => _options.Resolve(ExplanationModes.Parse(n)) == ExplanationModes.Parse(n));
            return $"{what} switched off on this server (Explanations:Shap / Explanations:Lime); use {string.Join(" or ", allowed.Select(n => $"'{n}'"))}.";
        }
        // Without a loaded model the analysis itself answers 503, so only a substitute classifier ends here.
        if (_models.Classifier is not null and not StereotypeClassifier)
            return $"Explanation '{mode.ToValue()}' needs the ONNX model, which is not the classifier in use; use 'none'.";
        return null;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<SentenceExplanation?>> ExplainAsync(
        IReadOnlyList<SentenceSpan> sentences, ExplanationMode mode, CancellationToken cancellationToken)
    {
        var explainer = _explainer.Value;
        if (explainer is null || mode == ExplanationMode.None)
            return Task.FromResult<IReadOnlyList<SentenceExplanation?>>(new SentenceExplanation?[sentences.Count]);
        return Task.Run<IReadOnlyList<SentenceExplanation?>>(() =>
        {
            var results = new SentenceExplanation?[sentences.Count];
            for (var i = 0; i < sentences.Count; i++)
            {
                var span = sentences[i];
                // A model fitted on normalised text is explained on the text it scores; the words go back onto the sentence as written.
                if (_models.Classifier is { Normalises: true })
                {
                    var normalised = SentenceNormaliser.NormaliseMapped(span.Text);
                    results[i] = explainer.Explain(normalised.Text, mode, cancellationToken)
                        .MappedTo(span.Text, normalised.ToOriginal).ShiftedBy(span.Start);
                }
                else
                {
                    results[i] = explainer.Explain(span.Text, mode, cancellationToken).ShiftedBy(span.Start);
                }
            }
            return results;
        }, cancellationToken);
    }
}
