using System.Diagnostics;
using BiasApp.Core.Analysis;
using BiasApp.Core.Classification;
using BiasApp.Core.Decisions;
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
    /// <para>
    /// Where <paramref name="embed"/> is true (for matching team decisions; the classifier must have an embedding), the
    /// result also carries the sentence's <see cref="CachedSentence.Embedding"/>. While any is asked for, the model run
    /// returns the embedding of every sentence it scores, and the cache keeps it with the result; a cached result without
    /// one joins that run (or has one of its own) for its embedding alone, and is stored again with it.
    /// </para>
    /// </summary>
    public async Task<CachedSentence[]> PredictAsync(IStereotypeClassifier classifier, IReadOnlyList<SentenceSpan> sentences,
        ScoringSettings settings, IReadOnlyList<bool>? embed, CancellationToken cancellationToken)
    {
        var found = new CachedSentence[sentences.Count];
        if (sentences.Count == 0) return found;
        var explain = settings.Explain;
        var keys = sentences.Select(s => ResultCache.Key(classifier.Card.Id, explain, s.Text)).ToArray();
        var cached = await cache.GetManyAsync(keys, cancellationToken);
        var missing = new List<int>();
        var embedOnly = new List<int>();
        for (var i = 0; i < sentences.Count; i++)
        {
            if (cached[i] is not { } hit) missing.Add(i);
            else if ((found[i] = hit).Embedding is null && embed?[i] == true) embedOnly.Add(i);
        }
        if (missing.Count == 0 && embedOnly.Count == 0) return found;

        var withEmbedding = embed?.Any(e => e) == true;
        CachedSentence[] computed;
        using (await EnterAsync(settings.WaitWhenBusy, cancellationToken))
        {
            computed = await RunAsync(classifier, [.. missing.Select(i => sentences[i])], [.. embedOnly.Select(i => sentences[i].Text)],
                withEmbedding, explain, cancellationToken);
        }
        var entries = new List<KeyValuePair<string, CachedSentence>>(computed.Length);
        for (var j = 0; j < missing.Count; j++)
        {
            found[missing[j]] = computed[j];
            entries.Add(new(keys[missing[j]], computed[j]));
        }
        for (var j = 0; j < embedOnly.Count; j++)
        {
            var i = embedOnly[j];
            found[i] = found[i] with { Embedding = computed[missing.Count + j].Embedding };
            entries.Add(new(keys[i], found[i]));
        }
        // After the gate is released: the shared level's writes should not hold a model slot.
        if (settings.FillCache) await cache.SetManyAsync(entries);
        return found;
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

    // One classifier call for the missing sentences and, with withEmbedding, the texts wanted only for their embedding; the
    // results come back in that order, the latter with their embedding alone (their prediction and explanation are the cache's).
    private async Task<CachedSentence[]> RunAsync(IStereotypeClassifier classifier, SentenceSpan[] spans,
        string[] embedOnly, bool withEmbedding, ExplanationMode explain, CancellationToken cancellationToken)
    {
        string[] texts = [.. spans.Select(s => s.Text), .. embedOnly];
        var started = Stopwatch.GetTimestamp();
        // Inference is CPU-bound: off the caller's synchronisation context, so a Blazor circuit can render meanwhile.
        var (predictions, vectors) = await Task.Run<(Prediction[], float[][]?)>(() => withEmbedding
            ? classifier.ClassifyAndEmbed(texts, cancellationToken)
            : (classifier.Classify(texts, cancellationToken), null), cancellationToken);
        IReadOnlyList<SentenceExplanation?>? explanations = null;
        if (explain != ExplanationMode.None && spans.Length > 0)
            explanations = await explainer.ExplainAsync(spans, explain, cancellationToken);
        metrics.ModelRun(Stopwatch.GetElapsedTime(started), texts.Length, explain.ToValue());
        return texts.Select((_, j) => new CachedSentence(predictions[j], j < spans.Length ? explanations?[j]?.ShiftedBy(-spans[j].Start) : null)
        {
            Embedding = vectors is null ? null : SentenceEmbedding.From(vectors[j]),
        }).ToArray();
    }
}
