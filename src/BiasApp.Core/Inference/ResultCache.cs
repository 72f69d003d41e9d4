using BiasApp.Core.Explanations;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BiasApp.Core.Inference;

/// <summary>
/// Per-sentence results keyed by model id and version, explain mode and normalised text (NFC, trimmed, whitespace
/// collapsed). Per sentence rather than per document: edited or re-submitted documents share most sentences, and an
/// explanation (hundreds of model runs) is per sentence anyway. Bounded by an estimated size in bytes
/// (<see cref="CacheOptions.SizeLimitMb"/>); compaction drops the least recently used. Singleton, thread-safe.
/// <para>
/// With a shared level (an <see cref="IDistributedCache"/> registered under <see cref="SharedLevelKey"/>; the host uses
/// Redis when <c>Redis:Configuration</c> is set) a sentence missing from memory is looked up there, and results are written
/// to both, so a sentence scored on one replica is a hit on another. The shared level is a plain
/// <see cref="IDistributedCache"/> rather than HybridCache: HybridCache brings its own in-memory level, which would sit beside
/// (or replace) this byte-bounded one, and its per-key <c>GetOrCreateAsync</c> does not fit an analysis that looks up every
/// sentence first and then runs the model once for all the misses. Entries travel as compact JSON
/// (<see cref="SharedEntryFormat"/>) under a hash of <see cref="Key"/> and expire after
/// <see cref="CacheOptions.SharedExpirationMinutes"/>. A failing shared level is a miss (and a logged warning), never a
/// failed analysis.
/// </para>
/// </summary>
public sealed class ResultCache : IDisposable
{
    /// <summary>The service key of the optional shared level (a keyed <see cref="IDistributedCache"/>; null or absent: memory only).</summary>
    public const string SharedLevelKey = "BiasApp.ResultCache.Shared";

    private static readonly TimeSpan WarningInterval = TimeSpan.FromSeconds(30);

    private readonly MemoryCache? _cache;
    private readonly TimeSpan _sliding;
    private readonly BiasMetrics? _metrics;
    private readonly IDistributedCache? _shared;
    private readonly DistributedCacheEntryOptions _sharedEntry;
    private readonly ILogger _logger;
    private long _hits;
    private long _misses;
    private long _sharedHits;
    private long _sharedErrors;
    private long _lastWarning;

    /// <summary>A cache with the configured limits; disabled caches keep nothing, in memory or in <paramref name="shared"/>.</summary>
    /// <param name="options">Size, expiries and whether to cache at all.</param>
    /// <param name="metrics">Hit and miss counters; none when null.</param>
    /// <param name="shared">The shared second level; memory only when null (default).</param>
    /// <param name="logger">Where shared-level failures are reported; nowhere when null.</param>
    public ResultCache(IOptions<CacheOptions> options, BiasMetrics? metrics = null,
        [FromKeyedServices(SharedLevelKey)] IDistributedCache? shared = null, ILogger<ResultCache>? logger = null)
    {
        var settings = options.Value;
        _metrics = metrics;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _sliding = TimeSpan.FromMinutes(settings.SlidingExpirationMinutes);
        _sharedEntry = new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(settings.SharedExpirationMinutes) };
        _shared = settings.Enabled ? shared : null;
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

    /// <summary>Lookups answered from the shared level since start (also counted in <see cref="Hits"/>).</summary>
    public long SharedHits => Interlocked.Read(ref _sharedHits);

    /// <summary>Shared-level reads and writes that failed since start (each a miss or a skipped write).</summary>
    public long SharedErrors => Interlocked.Read(ref _sharedErrors);

    /// <summary>True when a shared level is in use.</summary>
    public bool HasSharedLevel => _shared is not null;

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

    /// <summary>The result for <paramref name="key"/> held in memory (the shared level is not asked), counting a hit or a miss.</summary>
    public bool TryGet(string key, out CachedSentence? value)
    {
        value = null;
        if (_cache is null) return false;
        if (_cache.TryGetValue(key, out CachedSentence? found) && found is not null)
        {
            value = found;
            CountHit();
            return true;
        }
        CountMiss();
        return false;
    }

    /// <summary>
    /// The results for <paramref name="keys"/> (null where none is cached): memory first, then the shared level for what memory
    /// lacks, all those reads at once. Shared hits are kept in memory too. Each key counts one hit or one miss.
    /// </summary>
    public async Task<CachedSentence?[]> GetManyAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken = default)
    {
        var found = new CachedSentence?[keys.Count];
        if (_cache is null) return found;
        var absent = new List<int>();
        for (var i = 0; i < keys.Count; i++)
        {
            if (_cache.TryGetValue(keys[i], out CachedSentence? value) && value is not null)
            {
                found[i] = value;
                CountHit();
            }
            else if (_shared is null)
            {
                CountMiss();
            }
            else
            {
                absent.Add(i);
            }
        }
        if (absent.Count == 0) return found;

        var remote = await Task.WhenAll(absent.Select(i => ReadSharedAsync(keys[i], cancellationToken)));
        for (var j = 0; j < absent.Count; j++)
        {
            if (remote[j] is { } value)
            {
                found[absent[j]] = value;
                Set(keys[absent[j]], value);
                CountHit();
                Interlocked.Increment(ref _sharedHits);
            }
            else
            {
                CountMiss();
            }
        }
        return found;
    }

    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/> in memory, sized by <see cref="EstimateSize"/>.</summary>
    public void Set(string key, CachedSentence value)
    {
        if (_cache is null) return;
        using var entry = _cache.CreateEntry(key);
        entry.Value = value;
        entry.Size = EstimateSize(key, value);
        entry.SlidingExpiration = _sliding;
    }

    /// <summary>
    /// Stores <paramref name="entries"/> in memory and, with a shared level, writes them there too (all at once) and waits for
    /// the writes, so another replica finds them as soon as this answer is out. Failed writes are logged and skipped.
    /// </summary>
    public async Task SetManyAsync(IReadOnlyList<KeyValuePair<string, CachedSentence>> entries)
    {
        if (_cache is null) return;
        foreach (var (key, value) in entries) Set(key, value);
        if (_shared is null || entries.Count == 0) return;
        // Not the request's token: the model has already run, and a caller that went away should not waste its result.
        await Task.WhenAll(entries.Select(e => WriteSharedAsync(e.Key, e.Value)));
    }

    /// <summary>The shared level's key for <paramref name="key"/>: format version and SHA-256 of the whole key (model id and version, mode, text).</summary>
    public static string SharedKey(string key) =>
        string.Concat(SharedEntryFormat.Version, ":", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))));

    private async Task<CachedSentence?> ReadSharedAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var bytes = await _shared!.GetAsync(SharedKey(key), cancellationToken);
            return bytes is null ? null : SharedEntryFormat.Read(bytes);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            SharedFailed("read", ex);
            return null;
        }
    }

    private async Task WriteSharedAsync(string key, CachedSentence value)
    {
        try
        {
            await _shared!.SetAsync(SharedKey(key), SharedEntryFormat.Write(value), _sharedEntry);
        }
        catch (Exception ex)
        {
            SharedFailed("write", ex);
        }
    }

    // One warning per interval: while the shared level is down every sentence of every analysis fails the same way.
    private void SharedFailed(string operation, Exception exception)
    {
        Interlocked.Increment(ref _sharedErrors);
        var now = Stopwatch.GetTimestamp();
        var last = Interlocked.Read(ref _lastWarning);
        if (last != 0 && Stopwatch.GetElapsedTime(last, now) < WarningInterval) return;
        if (Interlocked.CompareExchange(ref _lastWarning, now, last) != last) return;
        _logger.LogWarning(exception, "Shared result cache {Operation} failed; answering from memory and the model ({Errors} failures so far)",
            operation, SharedErrors);
    }

    private void CountHit()
    {
        Interlocked.Increment(ref _hits);
        _metrics?.CacheHit();
    }

    private void CountMiss()
    {
        Interlocked.Increment(ref _misses);
        _metrics?.CacheMiss();
    }

    /// <summary>
    /// Bytes an entry holds on the managed heap, counted from its objects on 64-bit .NET: the cache's own entry, the
    /// key, the prediction, the sentence embedding's codes when it holds one and, for an explanation, the sentence, each method's word array and
    /// <see cref="WordAttribution"/> records, the word strings (shared by SHAP and LIME, counted once) and the
    /// agreement. The axis label is the model card's own string and is not counted. Checked against the heap by a test.
    /// </summary>
    public static long EstimateSize(string key, CachedSentence value)
    {
        const int EntryOverhead = 240;      // CacheEntry, its dictionary node and options
        const int CachedSentenceBytes = 56; // header + Prediction (float, reference, float, reference) + two references
        const int EmbeddingBytes = 32;      // SentenceEmbedding: header, codes reference, scale
        long size = EntryOverhead + StringBytes(key) + CachedSentenceBytes;
        if (value.Embedding is { } embedding) size += EmbeddingBytes + ((24 + embedding.Codes.Length + 7) & ~7L);
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
