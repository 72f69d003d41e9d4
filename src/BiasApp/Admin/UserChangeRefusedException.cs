namespace BiasApp.Admin;

/// <summary>A change an admin asked for that the rules refuse (the last active admin, a taken e-mail, a missing account).</summary>
public sealed class UserChangeRefusedException(string message) : Exception(message);
