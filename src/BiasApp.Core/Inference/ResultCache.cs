using BiasApp.Core.Explanations;
using System.Text;
using System.Text.Json;
using BiasApp.Core.Analysis;
using BiasApp.Core.Classification;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace BiasApp.Core.Inference;

/// <summary>What the model said about one sentence, as cached.</summary>
/// <param name="Prediction">The classifier's output.</param>
/// <param name="Explanation">The explanation, when one was asked for.</param>
public sealed record CachedSentence(Prediction Prediction, SentenceExplanation? Explanation);

/// <summary>
/// Per-sentence results keyed by model id and version, explain mode and normalised text (NFC, trimmed, whitespace
/// collapsed). Per sentence rather than per document: edited or re-submitted documents share most sentences, and an
/// explanation (hundreds of model runs) is per sentence anyway. Bounded by an estimated size in bytes
/// (<see cref="CacheOptions.SizeLimitMb"/>); compaction drops the least recently used. Singleton, thread-safe.
/// </summary>
public sealed class ResultCache : IDisposable
{
    private readonly MemoryCache? _cache;
    private readonly TimeSpan _sliding;
    private readonly BiasMetrics? _metrics;
    private long _hits;
    private long _misses;

    /// <summary>A cache with the configured limits; disabled caches keep nothing.</summary>
    public ResultCache(IOptions<CacheOptions> options, BiasMetrics? metrics = null)
    {
        var settings = options.Value;
        _metrics = metrics;
        _sliding = TimeSpan.FromMinutes(settings.SlidingExpirationMinutes);
        if (settings.Enabled)
        {
            _cache = new MemoryCache(new MemoryCacheOptions
            {
                SizeLimit = settings.SizeLimitMb * 1024L * 1024L,
                CompactionPercentage = 0.25,
            });
        }
    }

    /// <summary>Lookups answered from the cache since start.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Lookups not answered from the cache since start.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>Entries held now.</summary>
    public int Count => _cache?.Count ?? 0;

    /// <summary>The key of <paramref name="sentence"/> for <paramref name="modelId"/> and <paramref name="mode"/>.</summary>
    public static string Key(string modelId, ExplanationMode mode, string sentence) =>
        string.Concat(modelId, "|", mode.ToValue(), "|", Normalize(sentence));

    /// <summary>NFC, trimmed, every whitespace run replaced by one space.</summary>
    public static string Normalize(string text)
    {
        var nfc = text.Normalize(NormalizationForm.FormC);
        var builder = new StringBuilder(nfc.Length);
        var pendingSpace = false;
        foreach (var c in nfc)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }
            if (pendingSpace) builder.Append(' ');
            pendingSpace = false;
            builder.Append(c);
        }
        return builder.ToString();
    }

    /// <summary>The cached result for <paramref name="key"/>, counting a hit or a miss.</summary>
    public bool TryGet(string key, out CachedSentence? value)
    {
        value = null;
        if (_cache is null) return false;
        if (_cache.TryGetValue(key, out CachedSentence? found) && found is not null)
        {
            value = found;
            Interlocked.Increment(ref _hits);
            _metrics?.CacheHit();
            return true;
        }
        Interlocked.Increment(ref _misses);
        _metrics?.CacheMiss();
        return false;
    }

    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/>, sized by <see cref="EstimateSize"/>.</summary>
    public void Set(string key, CachedSentence value)
    {
        if (_cache is null) return;
        using var entry = _cache.CreateEntry(key);
        entry.Value = value;
        entry.Size = EstimateSize(key, value);
        entry.SlidingExpiration = _sliding;
    }

    /// <summary>
    /// Bytes an entry roughly holds: the key's characters, a fixed overhead for the entry and prediction, and for
    /// explanations twice their JSON length (numbers and word strings are about that size in memory).
    /// </summary>
    public static long EstimateSize(string key, CachedSentence value)
    {
        long size = 160 + key.Length * 2L;
        if (value.Prediction.Axis is { } axis) size += 24 + axis.Length * 2L;
        if (value.Explanation is { } explanation)
        {
            try
            {
                size += 2L * JsonSerializer.SerializeToUtf8Bytes(explanation, explanation.GetType()).LongLength;
            }
            // An explanation that does not serialise is still cached; count it as a large one.
            catch (Exception ex) when (ex is NotSupportedException or ArgumentException or InvalidOperationException)
            {
                size += 16 * 1024;
            }
        }
        return size;
    }

    public void Dispose() => _cache?.Dispose();
}
