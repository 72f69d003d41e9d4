using Microsoft.AspNetCore.Identity;

namespace BiasApp.Data;

/// <summary>Identity's messages where they read like code, in plain words.</summary>
public sealed class PlainIdentityErrors : IdentityErrorDescriber
{
    public override IdentityError PasswordTooShort(int length) =>
        new() { Code = nameof(PasswordTooShort), Description = $"Use at least {length} characters." };

    public override IdentityError PasswordMismatch() =>
        new() { Code = nameof(PasswordMismatch), Description = "The current password is wrong." };

    public override IdentityError DuplicateEmail(string email) =>
        new() { Code = nameof(DuplicateEmail), Description = $"An account with the e-mail {email} already exists." };

    public override IdentityError DuplicateUserName(string userName) =>
        new() { Code = nameof(DuplicateUserName), Description = $"An account with the e-mail {userName} already exists." };

    public override IdentityError InvalidEmail(string? email) =>
        new() { Code = nameof(InvalidEmail), Description = $"'{email}' is not an e-mail address." };
}
