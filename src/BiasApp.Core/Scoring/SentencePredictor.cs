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
    /// <para>
    /// Where <paramref name="embed"/> is true (for matching team decisions; the classifier must have an embedding), the
    /// sentence's embedding comes back too, never cached: a sentence the model runs on anyway gets it from that same run,
    /// and a cached one joins that run (or has one of its own) for its embedding alone.
    /// </para>
    /// </summary>
    public async Task<Predicted> PredictAsync(IStereotypeClassifier classifier, IReadOnlyList<SentenceSpan> sentences,
        ScoringSettings settings, IReadOnlyList<bool>? embed, CancellationToken cancellationToken)
    {
        var found = new CachedSentence[sentences.Count];
        var embeddings = new float[]?[sentences.Count];
        if (sentences.Count == 0) return new Predicted(found, embeddings);
        var explain = settings.Explain;
        var keys = sentences.Select(s => ResultCache.Key(classifier.Card.Id, explain, s.Text)).ToArray();
        var cached = await cache.GetManyAsync(keys, cancellationToken);
        var missing = new List<int>();
        var embedOnly = new List<int>();
        for (var i = 0; i < sentences.Count; i++)
        {
            if (cached[i] is { } hit)
            {
                found[i] = hit;
                if (embed?[i] == true) embedOnly.Add(i);
            }
            else missing.Add(i);
        }
        if (missing.Count == 0 && embedOnly.Count == 0) return new Predicted(found, embeddings);

        var withEmbedding = embed is not null && embed.Any(e => e);
        CachedSentence[] computed;
        float[][]? vectors;
        using (await EnterAsync(settings.WaitWhenBusy, cancellationToken))
        {
            (computed, vectors) = await RunAsync(classifier, [.. missing.Select(i => sentences[i])], [.. embedOnly.Select(i => sentences[i].Text)],
                withEmbedding, explain, cancellationToken);
        }
        var entries = new KeyValuePair<string, CachedSentence>[missing.Count];
        for (var j = 0; j < missing.Count; j++)
        {
            found[missing[j]] = computed[j];
            entries[j] = new(keys[missing[j]], computed[j]);
        }
        if (vectors is not null)
        {
            // RunAsync's vectors: the missing sentences', then the cached ones'.
            for (var j = 0; j < missing.Count; j++) if (embed![missing[j]]) embeddings[missing[j]] = vectors[j];
            for (var j = 0; j < embedOnly.Count; j++) embeddings[embedOnly[j]] = vectors[missing.Count + j];
        }
        // After the gate is released: the shared level's writes should not hold a model slot.
        if (settings.FillCache && entries.Length > 0) await cache.SetManyAsync(entries);
        return new Predicted(found, embeddings);
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

    // One classifier call for the missing sentences and, with withEmbedding, the texts wanted only for their embedding:
    // their predictions are dropped. The vectors come back in that order (missing first), or null without withEmbedding.
    private async Task<(CachedSentence[] Computed, float[][]? Vectors)> RunAsync(IStereotypeClassifier classifier, SentenceSpan[] spans,
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
        return (spans.Select((s, j) => new CachedSentence(predictions[j], explanations?[j]?.ShiftedBy(-s.Start))).ToArray(), vectors);
    }
}

/// <summary>What <see cref="SentencePredictor.PredictAsync"/> found.</summary>
/// <param name="Sentences">The model's answer for each sentence, in order.</param>
/// <param name="Embeddings">Each sentence's embedding where one was asked for; null elsewhere.</param>
public sealed record Predicted(CachedSentence[] Sentences, float[]?[] Embeddings);
