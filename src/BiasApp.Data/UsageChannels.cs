namespace BiasApp.Data;

public static class UsageChannels
{
    public const string Ui = "ui";
    public const string Api = "api";
    /// <summary>One row of a batch audit.</summary>
    public const string Batch = "batch";

    /// <summary>Feedback on a verdict: counted, but not charged against the analysis quota (it adds nothing to <see cref="DailyUsage"/>).</summary>
    public const string Feedback = "feedback";
}
