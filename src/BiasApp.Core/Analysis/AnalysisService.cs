using System.Diagnostics;
using BiasApp.Core.Classification;
using BiasApp.Core.Explanations;
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
/// which throws <see cref="InferenceBusyException"/> under overload. Sentences of fewer than
/// <see cref="ShortSentences.MinWords"/> words are not scored at all (no model, no rules verdict, no explanation): they
/// come back as <see cref="Labels.TooShort"/> with probability 0. A sentence the model passes while a high-severity rule
/// fires is marked <see cref="AnalyzedSentence.Review"/>.
/// </summary>
public sealed class AnalysisService(
    ModelHost models,
    SentenceSegmenter segmenter,
    IOptions<AnalysisOptions> options,
    ISentenceExplainer? explainer = null,
    Rules.RuleDetector? rules = null,
    InferenceGate? gate = null,
    ResultCache? cache = null,
    BiasMetrics? metrics = null)
{
    private readonly AnalysisOptions _options = options.Value;

    /// <summary>Longest text accepted, in characters.</summary>
    public int MaxTextLength => _options.MaxTextLength;

    /// <summary>What answers analyses right now.</summary>
    public AnalysisMode Mode => models.Mode;

    /// <summary>True when <paramref name="mode"/> can be served: none always, the others when an explainer is registered and allows them.</summary>
    public bool Supports(ExplanationMode mode) => UnavailableReason(mode) is null;

    /// <summary>Why <paramref name="mode"/> cannot be served; null when it can.</summary>
    public string? UnavailableReason(ExplanationMode mode) =>
        mode == ExplanationMode.None ? null
        : explainer is null ? $"Explanation '{mode.ToValue()}' is not available; use 'none'."
        : explainer.UnavailableReason(mode);

    /// <summary>Problems with <paramref name="text"/> and <paramref name="explain"/>, keyed by field name; empty when valid.</summary>
    public Dictionary<string, string[]> Validate(string? text, ExplanationMode explain)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(text))
            errors["text"] = ["Text is empty."];
        else if (text.Length > _options.MaxTextLength)
            errors["text"] = [$"Text has {text.Length:N0} characters; the limit is {_options.MaxTextLength:N0}."];
        if (UnavailableReason(explain) is { } reason)
            errors["explain"] = [reason];
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
        var classifier = models.Classifier;
        var useRules = models.RulesEnabled && rules is not null;
        if (classifier is null && !useRules)
            throw new AnalysisUnavailableException($"The stereotype model is not available: {models.LoadError}");

        var watch = Stopwatch.StartNew();
        var sentences = segmenter.Split(request.Text);
        var texts = sentences.Select(s => s.Text).ToArray();
        var tooShort = texts.Select(ShortSentences.IsTooShort).ToArray();
        // The rules are cheap and CPU-bound: they answer alone when no model is loaded, and add their hits beside the model's verdicts.
        var verdicts = useRules ? await Task.Run(() => texts.Select(rules!.Score).ToArray(), cancellationToken) : null;
        var explain = request.Explain != ExplanationMode.None && explainer is not null && classifier is not null ? request.Explain : ExplanationMode.None;
        var found = new CachedSentence?[sentences.Count];
        if (classifier is null)
        {
            for (var i = 0; i < sentences.Count; i++)
            {
                if (!tooShort[i]) found[i] = new CachedSentence(RulePrediction(verdicts![i]), null);
            }
        }
        else
        {
            var modelId = classifier.Card.Id;
            var keys = new string[sentences.Count];
            var scored = Enumerable.Range(0, sentences.Count).Where(i => !tooShort[i]).ToArray();
            foreach (var i in scored) keys[i] = ResultCache.Key(modelId, explain, sentences[i].Text);
            if (cache is not null)
            {
                var cached = await cache.GetManyAsync(scored.Select(i => keys[i]).ToArray(), cancellationToken);
                for (var j = 0; j < scored.Length; j++) found[scored[j]] = cached[j];
            }
            var missing = scored.Where(i => found[i] is null).ToList();
            if (missing.Count > 0)
            {
                var computed = await RunModelAsync(classifier, sentences, missing, explain, keys, found, cancellationToken);
                // After the gate is released: the shared level's writes should not hold a model slot.
                if (cache is not null) await cache.SetManyAsync(computed);
            }
        }

        var results = new AnalyzedSentence[sentences.Count];
        for (var i = 0; i < sentences.Count; i++)
        {
            var s = sentences[i];
            // Rule hits stay on too-short sentences: a lone slur is still worth underlining, though not worth a verdict.
            var hits = verdicts?[i].Matches.Select(m => ToHit(m, s.Start)).ToArray();
            if (tooShort[i])
            {
                results[i] = new AnalyzedSentence(s.Start, s.Length, s.Text, Labels.TooShort, 0f) { RuleHits = hits };
                continue;
            }
            var p = found[i]!.Prediction;
            var label = p.Probability >= _options.Threshold ? Labels.Stereotype : Labels.NotStereotype;
            results[i] = new AnalyzedSentence(s.Start, s.Length, s.Text, label, p.Probability,
                p.Axis, p.Axis is null ? null : p.AxisProbability)
            {
                // Cached explanations hold sentence offsets; the response gives document offsets.
                Explanation = found[i]!.Explanation?.ShiftedBy(s.Start),
                RuleHits = hits,
                // Only the model can disagree with the rules; in rules mode the rules are the verdict.
                Review = classifier is not null && label == Labels.NotStereotype && hits?.Any(h => h.IsHighSeverity) == true,
            };
        }
        watch.Stop();

        var summary = new AnalysisSummary(
            results.Length,
            results.Count(r => r.IsStereotype),
            results.Length == 0 ? 0 : results.Max(r => r.Probability),
            _options.Threshold,
            Math.Round(watch.Elapsed.TotalMilliseconds, 1));
        var model = classifier is not null
            ? new ModelInfo(classifier.Card.Name, classifier.Card.Version)
            : new ModelInfo("rules", rules!.Lexicon.Version);
        return new DocumentAnalysis(results, summary, model, models.Mode, request.Explain);
    }

    // In rules mode the verdict's score stands in for the probability, and the axis of the strongest generalisation for the model's axis.
    private static Prediction RulePrediction(Rules.RuleVerdict verdict)
    {
        var axis = verdict.Matches.Where(m => m.Kind == Rules.RuleKind.Generalisation && !m.Negated).Select(m => m.Axis).FirstOrDefault(a => a is not null);
        return new Prediction((float)verdict.Score, axis, axis is null ? 0f : (float)verdict.Score);
    }

    private static RuleHit ToHit(Rules.RuleMatch m, int sentenceStart) => new(
        sentenceStart + m.Start, m.Length, m.Text, m.RuleId,
        m.Kind == Rules.RuleKind.Generalisation ? "generalisation" : "loaded_term",
        m.Axis, m.Severity.ToString().ToLowerInvariant(), m.Suggestion, m.Negated, m.Quoted);

    private async Task<KeyValuePair<string, CachedSentence>[]> RunModelAsync(IStereotypeClassifier classifier, IReadOnlyList<SentenceSpan> sentences, List<int> missing,
        ExplanationMode explain, string[] keys, CachedSentence?[] found, CancellationToken cancellationToken)
    {
        var spans = missing.Select(i => sentences[i]).ToArray();
        var texts = spans.Select(s => s.Text).ToArray();
        using var lease = gate is null ? null : await gate.EnterAsync(cancellationToken);
        var started = Stopwatch.GetTimestamp();
        // Model inference is CPU-bound; keep it off the Blazor circuit's synchronisation context so the page can render progress.
        var predictions = await Task.Run(() => classifier.Classify(texts, cancellationToken), cancellationToken);
        IReadOnlyList<SentenceExplanation?>? explanations = null;
        if (explain != ExplanationMode.None)
            explanations = await explainer!.ExplainAsync(spans, explain, cancellationToken);
        metrics?.ModelRun(Stopwatch.GetElapsedTime(started), texts.Length, explain.ToValue());

        var computed = new KeyValuePair<string, CachedSentence>[missing.Count];
        for (var j = 0; j < missing.Count; j++)
        {
            var value = new CachedSentence(predictions[j], explanations?[j]?.ShiftedBy(-spans[j].Start));
            found[missing[j]] = value;
            computed[j] = new(keys[missing[j]], value);
        }
        return computed;
    }
}
