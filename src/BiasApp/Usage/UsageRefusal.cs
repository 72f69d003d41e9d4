namespace BiasApp.Usage;

/// <summary>Why a request was refused, in words for the caller, and when it may retry.</summary>
public sealed record UsageRefusal(string Title, string Message, DateTimeOffset RetryAt);
