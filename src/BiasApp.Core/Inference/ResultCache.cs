using BiasApp.Core.Explanations;
using System.Text;
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
                TrackStatistics = true,
            });
        }
    }

    /// <summary>Lookups answered from the cache since start.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Lookups not answered from the cache since start.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>Entries held now.</summary>
    public int Count => _cache?.Count ?? 0;

    /// <summary>
    /// The cache's own accounting: bytes its entries hold by <see cref="EstimateSize"/>, which is what
    /// <see cref="CacheOptions.SizeLimitMb"/> bounds (a test checks the estimate against the managed heap).
    /// </summary>
    public long EstimatedBytes => _cache?.GetCurrentStatistics()?.CurrentEstimatedSize ?? 0;

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
    /// Bytes an entry holds on the managed heap, counted from its objects on 64-bit .NET: the cache's own entry, the
    /// key, the prediction and, for an explanation, the sentence, each method's word array and
    /// <see cref="WordAttribution"/> records, the word strings (shared by SHAP and LIME, counted once) and the
    /// agreement. The axis label is the model card's own string and is not counted. Checked against the heap by a test.
    /// </summary>
    public static long EstimateSize(string key, CachedSentence value)
    {
        const int EntryOverhead = 240;      // CacheEntry, its dictionary node and options
        const int CachedSentenceBytes = 40; // header + Prediction (float, reference, float)
        long size = EntryOverhead + StringBytes(key) + CachedSentenceBytes;
        if (value.Explanation is not { } explanation) return size;

        const int ExplanationBytes = 96, MethodBytes = 64, AttributionBytes = 56, AgreementBytes = 48;
        size += ExplanationBytes + StringBytes(explanation.Sentence);
        if (explanation.Agreement is not null) size += AgreementBytes;
        var counted = new HashSet<string>(ReferenceEqualityComparer.Instance);
        foreach (var words in new[] { explanation.Shap?.Words, explanation.Lime?.Words })
        {
            if (words is null) continue;
            size += MethodBytes + 24 + 8L * words.Count + AttributionBytes * (long)words.Count;
            foreach (var word in words)
            {
                if (counted.Add(word.Word)) size += StringBytes(word.Word);
            }
        }
        return size;
    }

    // A string: 8-byte header, method table, length, the UTF-16 characters and a terminator, rounded to 8 bytes.
    private static long StringBytes(string text) => (22 + 2L * text.Length + 7) & ~7L;

    public void Dispose() => _cache?.Dispose();
}
