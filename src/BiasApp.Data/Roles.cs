namespace BiasApp.Data;

/// <summary>Role names.</summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string Analyst = "Analyst";
}
