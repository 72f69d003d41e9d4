using BiasApp.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace BiasApp.Cli.Commands.Admin;

/// <summary>
/// <c>users create --email EMAIL [--admin] [--password-stdin]</c> and <c>users reset-password --email EMAIL [--password-stdin]</c>:
/// accounts that can sign in to the web app, from the shell. With <c>--password-stdin</c> the password is the first line of
/// standard input (so it stays out of the shell history and the process list); without it a password is generated and printed
/// as the last line, once. The database is found as <see cref="CliDatabase"/> says.
/// </summary>
public static class UsersCommand
{
    private const string Usage = "usage: users create --email EMAIL [--admin] [--password-stdin] | users reset-password --email EMAIL [--password-stdin]";

    public static int Run(CommandLine line)
    {
        var action = line.Positional.FirstOrDefault();
        if (action is not ("create" or "reset-password")) throw new CliException(Usage);
        var email = line.Required("email").Trim();
        var typed = line.Flag("password-stdin") ? ReadPassword() : null;
        var password = typed ?? AccountProvisioning.GeneratePassword();

        using var services = CliDatabase.Services();
        return action == "create"
            ? CreateAsync(services, email, line.Flag("admin"), password, generated: typed is null).GetAwaiter().GetResult()
            : ResetAsync(services, email, password, generated: typed is null).GetAwaiter().GetResult();
    }

    private static async Task<int> CreateAsync(IServiceProvider services, string email, bool admin, string password, bool generated)
    {
        await using var scope = services.CreateAsyncScope();
        var users = await OpenAsync(scope);
        if (await users.FindByEmailAsync(email) is not null)
            throw new CliException($"{email} already has an account; set its password with: users reset-password --email {email}");
        var result = await AccountProvisioning.CreateUserAsync(users, email, password, admin);
        if (!result.Succeeded) throw new CliException(AccountProvisioning.Describe(result));
        Console.WriteLine($"Created {email} ({(admin ? "admin" : "analyst")}).");
        PrintGenerated(password, generated);
        return 0;
    }

    private static async Task<int> ResetAsync(IServiceProvider services, string email, string password, bool generated)
    {
        await using var scope = services.CreateAsyncScope();
        var users = await OpenAsync(scope);
        var user = await users.FindByEmailAsync(email) ?? throw new CliException($"no account for {email}");
        var result = await AccountProvisioning.SetPasswordAsync(users, user, password);
        if (!result.Succeeded) throw new CliException(AccountProvisioning.Describe(result));
        Console.WriteLine($"Password set for {email}{(user.IsDisabled ? " (the account is disabled; an admin can enable it at /admin/users)" : "")}.");
        PrintGenerated(password, generated);
        return 0;
    }

    /// <summary>Migrates the database (as the app does at start-up) and returns the user manager.</summary>
    private static async Task<UserManager<AppUser>> OpenAsync(AsyncServiceScope scope)
    {
        await AccountProvisioning.InitializeAsync(scope.ServiceProvider.GetRequiredService<BiasDbContext>(),
            scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>());
        return scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
    }

    private static void PrintGenerated(string password, bool generated)
    {
        if (!generated) return;
        Console.WriteLine("Password (not shown again; the user can change it at /account/password):");
        Console.WriteLine(password);
    }

    /// <summary>The first line of standard input, without its line ending; spaces inside and around it are kept.</summary>
    private static string ReadPassword()
    {
        var password = Console.In.ReadLine()?.TrimEnd('\r', '\n');
        return string.IsNullOrEmpty(password) ? throw new CliException("--password-stdin: standard input has no password") : password;
    }
}
