namespace BiasApp.Core.Usage;

/// <summary>An analysis refused by a rate limit or quota; <see cref="Exception.Message"/> is fit to show to the user.</summary>
public sealed class UsageLimitExceededException(string message, DateTimeOffset retryAt) : InvalidOperationException(message)
{
    /// <summary>When the caller may try again (UTC).</summary>
    public DateTimeOffset RetryAt { get; } = retryAt;
}
