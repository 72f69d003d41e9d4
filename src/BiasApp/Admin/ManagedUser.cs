namespace BiasApp.Admin;

/// <summary>An account as the users page lists it.</summary>
public sealed record ManagedUser(string Id, string Email, bool IsAdmin, bool IsDisabled, DateTimeOffset? LockedOutUntil, bool HasPassword, int Keys, DateTime CreatedAt);
