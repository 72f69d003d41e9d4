using System.ComponentModel.DataAnnotations;
using System.Runtime.CompilerServices;
using StackExchange.Redis;

namespace BiasApp.Redis;

/// <summary>
/// Configuration section <c>Redis</c>: the Redis server that replicas share. With <see cref="Configuration"/> set, the
/// per-minute and per-hour rate limits are counted there and the per-sentence result cache gains a shared second level;
/// without it (default) both stay in this process, which is right for one replica.
/// </summary>
public sealed class RedisOptions : IValidatableObject
{
    public const string Section = "Redis";

    /// <summary>
    /// A StackExchange.Redis configuration string, e.g. <c>redis:6379,password=…,ssl=true</c>. Empty or absent (default): no Redis.
    /// </summary>
    public string? Configuration { get; set; }

    /// <summary>Prefix of every key this app writes, so that deployments can share one Redis. Default <c>biasapp:</c>.</summary>
    [Required(AllowEmptyStrings = false)] public string InstanceName { get; set; } = "biasapp:";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Configuration);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsConfigured) yield break;
        if (ParseError(Configuration!) is { } error)
            yield return new ValidationResult($"Redis:Configuration is not a StackExchange.Redis configuration string: {error}", [nameof(Configuration)]);
    }

    // Apart, so that validating an empty section does not load StackExchange.Redis (see RedisConnection).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string? ParseError(string configuration)
    {
        try
        {
            ConfigurationOptions.Parse(configuration);
            return null;
        }
        catch (ArgumentException ex)
        {
            return ex.Message;
        }
    }
}
