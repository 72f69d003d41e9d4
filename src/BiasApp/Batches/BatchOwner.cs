using System.Security.Claims;

namespace BiasApp.Batches;

/// <summary>Who owns a batch.</summary>
public static class BatchOwner
{
    /// <summary>Owner id used until sign-in exists.</summary>
    public const string Anonymous = "anonymous";

    /// <summary>The NameIdentifier of <paramref name="user"/> when signed in, else <see cref="Anonymous"/>.</summary>
    public static string From(ClaimsPrincipal? user) =>
        user?.Identity?.IsAuthenticated == true && user.FindFirstValue(ClaimTypes.NameIdentifier) is { Length: > 0 } id ? id : Anonymous;
}
