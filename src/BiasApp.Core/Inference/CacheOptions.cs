using System.ComponentModel.DataAnnotations;

namespace BiasApp.Core.Inference;

/// <summary>Configuration section <c>Cache</c>: the per-sentence result cache.</summary>
public sealed class CacheOptions
{
    public const string Section = "Cache";

    /// <summary>Cache results at all. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Estimated size of all entries together, in MB; the least recently used go first beyond it. Default 16.</summary>
    [Range(1, 4096)] public int SizeLimitMb { get; set; } = 16;

    /// <summary>An entry unused this long is dropped, in minutes. Default 60.</summary>
    [Range(1, 10_080)] public int SlidingExpirationMinutes { get; set; } = 60;

    /// <summary>
    /// How long an entry lives in the shared level (Redis, when <c>Redis:Configuration</c> is set), in minutes, from when it
    /// was written. Results of one model version do not change, so this only bounds what the shared level holds. Default 1440 (a day).
    /// </summary>
    [Range(1, 525_600)] public int SharedExpirationMinutes { get; set; } = 1440;
}
