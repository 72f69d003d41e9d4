using System.Diagnostics;
using BiasApp.Core.Analysis;
using BiasApp.Core.Classification;
using BiasApp.Core.Explanations;
using BiasApp.Core.Inference;
using BiasApp.Core.Segmentation;

namespace BiasApp.Core.Scoring;

/// <summary>
/// The model's answer for a set of sentences: from the <see cref="ResultCache"/> where it holds them, else from the classifier
/// (and the explainer, when asked) inside the <see cref="InferenceGate"/>, written back to the cache after the gate is released.
/// Singleton.
/// </summary>
public sealed class SentencePredictor(InferenceGate gate, ResultCache cache, ISentenceExplainer explainer, BiasMetrics metrics)
{
    /// <summary>Why <paramref name="mode"/> cannot be served; null when it can.</summary>
    public string? UnavailableReason(ExplanationMode mode) => mode == ExplanationMode.None ? null : explainer.UnavailableReason(mode);

    /// <summary>
    /// Predictions for <paramref name="sentences"/>, in their order, with explanations in sentence offsets (0 = the sentence's
    /// first character) when <paramref name="settings"/> asks. With <see cref="ScoringSettings.WaitWhenBusy"/> a full gate
    /// queue is waited out; without, it throws <see cref="InferenceBusyException"/>.
    /// </summary>
    public async Task<CachedSentence[]> PredictAsync(IStereotypeClassifier classifier, IReadOnlyList<SentenceSpan> sentences,
        ScoringSettings settings, CancellationToken cancellationToken)
    {
        var found = new CachedSentence[sentences.Count];
        if (sentences.Count == 0) return found;
        var explain = settings.Explain;
        var keys = sentences.Select(s => ResultCache.Key(classifier.Card.Id, explain, s.Text)).ToArray();
        var cached = await cache.GetManyAsync(keys, cancellationToken);
        var missing = new List<int>();
        for (var i = 0; i < sentences.Count; i++)
        {
            if (cached[i] is { } hit) found[i] = hit;
            else missing.Add(i);
        }
        if (missing.Count == 0) return found;

        var spans = missing.Select(i => sentences[i]).ToArray();
        CachedSentence[] computed;
        using (await EnterAsync(settings.WaitWhenBusy, cancellationToken))
        {
            computed = await RunAsync(classifier, spans, explain, cancellationToken);
        }
        var entries = new KeyValuePair<string, CachedSentence>[missing.Count];
        for (var j = 0; j < missing.Count; j++)
        {
            found[missing[j]] = computed[j];
            entries[j] = new(keys[missing[j]], computed[j]);
        }
        // After the gate is released: the shared level's writes should not hold a model slot.
        if (settings.FillCache) await cache.SetManyAsync(entries);
        return found;
    }

    /// <summary>
    /// The model's sentence embedding of each of <paramref name="texts"/> (for matching team decisions), computed inside the
    /// <see cref="InferenceGate"/> like any other model run and never cached.
    /// </summary>
    public async Task<float[][]> EmbedAsync(IStereotypeClassifier classifier, IReadOnlyList<string> texts, ScoringSettings settings, CancellationToken cancellationToken = default)
    {
        using (await EnterAsync(settings.WaitWhenBusy, cancellationToken))
        {
            return await Task.Run(() => classifier.Embed(texts, cancellationToken), cancellationToken);
        }
    }

    private async Task<IDisposable> EnterAsync(bool waitWhenBusy, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return await gate.EnterAsync(cancellationToken);
            }
            catch (InferenceBusyException busy) when (waitWhenBusy)
            {
                await Task.Delay(busy.RetryAfter, cancellationToken);
            }
        }
    }

    private async Task<CachedSentence[]> RunAsync(IStereotypeClassifier classifier, SentenceSpan[] spans, ExplanationMode explain, CancellationToken cancellationToken)
    {
        var texts = spans.Select(s => s.Text).ToArray();
        var started = Stopwatch.GetTimestamp();
        // Inference is CPU-bound: off the caller's synchronisation context, so a Blazor circuit can render meanwhile.
        var predictions = await Task.Run(() => classifier.Classify(texts, cancellationToken), cancellationToken);
        IReadOnlyList<SentenceExplanation?>? explanations = null;
        if (explain != ExplanationMode.None)
            explanations = await explainer.ExplainAsync(spans, explain, cancellationToken);
        metrics.ModelRun(Stopwatch.GetElapsedTime(started), texts.Length, explain.ToValue());
        return spans.Select((s, j) => new CachedSentence(predictions[j], explanations?[j]?.ShiftedBy(-s.Start))).ToArray();
    }
}
