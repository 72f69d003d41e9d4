namespace BiasApp.Batches;

/// <summary>A batch cannot start now (limit or quota); <see cref="Status"/> is the HTTP status.</summary>
public sealed class BatchRefusedException(string message, int status) : Exception(message)
{
    public int Status { get; } = status;
}
