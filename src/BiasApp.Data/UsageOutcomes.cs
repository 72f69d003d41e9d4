namespace BiasApp.Data;

public static class UsageOutcomes
{
    public const string Ok = "ok";
    public const string Rejected = "rejected";
    public const string Error = "error";
}
