namespace BiasApp.Data;

public static class UsageChannels
{
    public const string Ui = "ui";
    public const string Api = "api";
    /// <summary>One row of a batch audit.</summary>
    public const string Batch = "batch";
}
