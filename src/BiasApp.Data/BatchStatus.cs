namespace BiasApp.Data;

/// <summary>Where a batch is in its life.</summary>
public enum BatchStatus
{
    Queued,
    Running,
    Done,
    Cancelled,
    Failed,
}
