using Microsoft.AspNetCore.Identity;

namespace BiasApp.Data;

/// <summary>Refuses the password the account has now as its new one, wherever a password is set (change, reset, CLI).
/// Identity validates before it replaces the hash, so <see cref="IdentityUser.PasswordHash"/> is still the current one.</summary>
public sealed class NotCurrentPasswordValidator : IPasswordValidator<AppUser>
{
    public const string Code = "PasswordReused";

    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password)
    {
        var reused = user.PasswordHash is { } hash && password is not null
            && manager.PasswordHasher.VerifyHashedPassword(user, hash, password) != PasswordVerificationResult.Failed;
        return Task.FromResult(reused
            ? IdentityResult.Failed(new IdentityError { Code = Code, Description = "Choose a password that differs from the current one." })
            : IdentityResult.Success);
    }
}
