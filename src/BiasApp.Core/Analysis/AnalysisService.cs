using System.Diagnostics;
using BiasApp.Core.Classification;
using BiasApp.Core.Inference;
using BiasApp.Core.Segmentation;
using Microsoft.Extensions.Options;

namespace BiasApp.Core.Analysis;

/// <summary>Thrown when no detector can answer (model switched off or failed to load).</summary>
public sealed class AnalysisUnavailableException(string message) : InvalidOperationException(message);

/// <summary>
/// Analyses a document: segments it, classifies all its sentences in one batch through the process-wide
/// classifier, and (when asked and available) explains them. Scoped: one per request or circuit.
/// Sentences found in the <see cref="ResultCache"/> skip the model; the rest run inside the <see cref="InferenceGate"/>,
/// which throws <see cref="InferenceBusyException"/> under overload.
/// </summary>
public sealed class AnalysisService(
    ModelHost models,
    SentenceSegmenter segmenter,
    IOptions<AnalysisOptions> options,
    ISentenceExplainer? explainer = null,
    InferenceGate? gate = null,
    ResultCache? cache = null,
    BiasMetrics? metrics = null)
{
    private readonly AnalysisOptions _options = options.Value;

    /// <summary>Longest text accepted, in characters.</summary>
    public int MaxTextLength => _options.MaxTextLength;

    /// <summary>What answers analyses right now.</summary>
    public AnalysisMode Mode => models.Mode;

    /// <summary>True when <paramref name="mode"/> can be served: none always, the others once an explainer is registered.</summary>
    public bool Supports(ExplainMode mode) => mode == ExplainMode.None || explainer?.Supports(mode) == true;

    /// <summary>Problems with <paramref name="text"/> and <paramref name="explain"/>, keyed by field name; empty when valid.</summary>
    public Dictionary<string, string[]> Validate(string? text, ExplainMode explain)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(text))
            errors["text"] = ["Text is empty."];
        else if (text.Length > _options.MaxTextLength)
            errors["text"] = [$"Text has {text.Length:N0} characters; the limit is {_options.MaxTextLength:N0}."];
        if (!Supports(explain))
            errors["explain"] = [$"Explanation '{explain.ToWireName()}' is not available; use 'none'."];
        return errors;
    }

    /// <summary>
    /// Analyses <paramref name="request"/>. Throws <see cref="ArgumentException"/> for invalid input
    /// (see <see cref="Validate"/>) and <see cref="AnalysisUnavailableException"/> when no detector is loaded.
    /// </summary>
    public async Task<DocumentAnalysis> AnalyzeAsync(AnalysisRequest request, CancellationToken cancellationToken = default)
    {
        var errors = Validate(request.Text, request.Explain);
        if (errors.Count > 0)
            throw new ArgumentException(string.Join(" ", errors.Values.SelectMany(e => e)), nameof(request));
        var classifier = models.Classifier
            ?? throw new AnalysisUnavailableException($"The stereotype model is not available: {models.LoadError}");

        var watch = Stopwatch.StartNew();
        var sentences = segmenter.Split(request.Text);
        var explain = request.Explain != ExplainMode.None && explainer is not null ? request.Explain : ExplainMode.None;
        var modelId = $"{classifier.Card.Name}@{classifier.Card.Version}";
        var found = new CachedSentence?[sentences.Count];
        var keys = new string[sentences.Count];
        var missing = new List<int>();
        for (var i = 0; i < sentences.Count; i++)
        {
            keys[i] = ResultCache.Key(modelId, explain, sentences[i].Text);
            if (cache is null || !cache.TryGet(keys[i], out found[i])) missing.Add(i);
        }
        if (missing.Count > 0)
            await RunModelAsync(classifier, sentences, missing, explain, keys, found, cancellationToken);

        var results = new AnalyzedSentence[sentences.Count];
        for (var i = 0; i < sentences.Count; i++)
        {
            var s = sentences[i];
            var p = found[i]!.Prediction;
            var label = p.Probability >= _options.Threshold ? Labels.Stereotype : Labels.NotStereotype;
            results[i] = new AnalyzedSentence(s.Start, s.Length, s.Text, label, p.Probability,
                p.Axis, p.Axis is null ? null : p.AxisProbability)
            {
                Explanation = found[i]!.Explanation,
            };
        }
        watch.Stop();

        var summary = new AnalysisSummary(
            results.Length,
            results.Count(r => r.IsStereotype),
            results.Length == 0 ? 0 : results.Max(r => r.Probability),
            _options.Threshold,
            Math.Round(watch.Elapsed.TotalMilliseconds, 1));
        return new DocumentAnalysis(results, summary, new ModelInfo(classifier.Card.Name, classifier.Card.Version), models.Mode, request.Explain);
    }

    private async Task RunModelAsync(IStereotypeClassifier classifier, IReadOnlyList<SentenceSpan> sentences, List<int> missing,
        ExplainMode explain, string[] keys, CachedSentence?[] found, CancellationToken cancellationToken)
    {
        var spans = missing.Select(i => sentences[i]).ToArray();
        var texts = spans.Select(s => s.Text).ToArray();
        using var lease = gate is null ? null : await gate.EnterAsync(cancellationToken);
        var started = Stopwatch.GetTimestamp();
        // Model inference is CPU-bound; keep it off the Blazor circuit's synchronisation context so the page can render progress.
        var predictions = await Task.Run(() => classifier.Classify(texts, cancellationToken), cancellationToken);
        IReadOnlyList<SentenceExplanation?>? explanations = null;
        if (explain != ExplainMode.None)
            explanations = await explainer!.ExplainAsync(spans, explain, cancellationToken);
        metrics?.ModelRun(Stopwatch.GetElapsedTime(started), texts.Length, explain.ToWireName());

        for (var j = 0; j < missing.Count; j++)
        {
            var value = new CachedSentence(predictions[j], explanations?[j]);
            found[missing[j]] = value;
            cache?.Set(keys[missing[j]], value);
        }
    }
}
