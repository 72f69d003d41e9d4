using BiasApp.Data;
using Microsoft.AspNetCore.Identity;

namespace BiasApp.Accounts;

/// <summary>
/// The first-run form's account creation, scoped so that the user manager saves through the same context (and so the same
/// transaction) as <see cref="FirstAdmin"/>'s claim: of any number of forms posted at once, on any number of replicas,
/// one makes the admin.
/// </summary>
internal sealed class FirstAdminSetup(BiasDbContext db, UserManager<AppUser> users)
{
    public Task<IdentityResult> CreateAsync(string email, string password) => FirstAdmin.CreateAsync(db, users, email, password);
}
