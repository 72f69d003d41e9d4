namespace BiasApp.Core.Inference;

/// <summary>Thrown when the model is busy: every slot is taken and the wait queue is full.</summary>
public sealed class InferenceBusyException(TimeSpan retryAfter)
    : InvalidOperationException("The service is busy; please try again in a few seconds.")
{
    /// <summary>How long the caller should wait before trying again.</summary>
    public TimeSpan RetryAfter { get; } = retryAfter;
}
