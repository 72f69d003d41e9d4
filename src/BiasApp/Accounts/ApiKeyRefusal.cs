namespace BiasApp.Accounts;

/// <summary>
/// Why a request got 401: its <see cref="Reason"/> code and a sentence for the caller, returned as the ProblemDetails
/// <c>reason</c> and <c>detail</c>. An exception so the key handler can hand it to <c>AuthenticateResult.Fail</c>.
/// </summary>
public sealed class ApiKeyRefusal(string reason, string detail) : Exception(detail)
{
    /// <summary>Every <see cref="Reason"/> a 401 can carry, for the OpenAPI document.</summary>
    public static readonly string[] Reasons = ["missing", "unknown", "revoked", "disabled", "refused"];

    /// <summary><c>missing</c>, <c>unknown</c>, <c>revoked</c>, <c>disabled</c>, or <c>refused</c> (any other refusal).</summary>
    public string Reason { get; } = reason;

    /// <summary>No key and no signed-in session (an empty <c>X-API-Key</c> header counts as none).</summary>
    public static ApiKeyRefusal Missing => new("missing",
        "No API key: send one in the X-API-Key header (create it on the API keys page, /account/keys), or sign in.");

    /// <summary>A key this server never issued (or mistyped).</summary>
    public static ApiKeyRefusal Unknown => new("unknown", "The API key in X-API-Key is not known to this server; check it was copied whole.");

    /// <summary>A key that existed and was revoked, or deleted with its account.</summary>
    public static ApiKeyRefusal Revoked => new("revoked", "The API key in X-API-Key has been revoked; create a new one on the API keys page.");

    /// <summary>A valid key of a disabled account.</summary>
    public static ApiKeyRefusal Disabled => new("disabled", "The account this API key belongs to is disabled; ask an administrator.");

    /// <summary>Any other refusal, with the handler's message.</summary>
    public static ApiKeyRefusal Refused(string? detail) => new("refused", detail ?? "The API key in X-API-Key was refused.");
}
