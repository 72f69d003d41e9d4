namespace BiasApp.Batches;

/// <summary>Input that cannot become a batch; <see cref="Field"/> names the form field at fault, <see cref="Status"/> the HTTP status.</summary>
public sealed class BatchInputException(string field, string message, int status = StatusCodes.Status400BadRequest) : Exception(message)
{
    public string Field { get; } = field;
    public int Status { get; } = status;
}
