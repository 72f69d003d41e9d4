using BiasApp.Cli;
using BiasApp.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace BiasApp.Cli.Tests.Admin;

// `users create` and `users reset-password` in-process, on a database of their own (ConnectionStrings__Default, as the
// README tells operators), checked through Identity on the same file. Same collection as the other tests that swap the console.
[Collection("Console")]
public sealed class UsersCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("biasapp-users-cli-").FullName;
    private readonly string? _previous = Environment.GetEnvironmentVariable("ConnectionStrings__Default");

    public UsersCliTests() => Environment.SetEnvironmentVariable("ConnectionStrings__Default", ConnectionString);

    private string ConnectionString => $"Data Source={Path.Combine(_dir, "biasapp.db")}";

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("ConnectionStrings__Default", _previous);
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static (int Code, string Out, string Err) Run(string? stdin, params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var (oldIn, oldOut, oldErr) = (Console.In, Console.Out, Console.Error);
        Console.SetIn(new StringReader(stdin ?? ""));
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            var code = (int)typeof(CommandLine).Assembly.EntryPoint!.Invoke(null, [args])!;
            return (code, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetIn(oldIn);
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
        }
    }

    /// <summary>Whether <paramref name="password"/> signs <paramref name="email"/> in, and whether the account is an admin.</summary>
    private async Task<(bool PasswordWorks, bool IsAdmin)> CheckAsync(string email, string password)
    {
        await using var services = KeyProvisioning.BuildServices(ConnectionString, _dir);
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"no account {email}");
        return (await users.CheckPasswordAsync(user, password), await users.IsInRoleAsync(user, Roles.Admin));
    }

    [Fact]
    public async Task CreateWithAPasswordFromStdinMakesAnAdminWhoCanSignIn()
    {
        var (code, output, error) = Run("Typed-on-stdin-42\n", "users", "create", "--email", "ops@example.test", "--admin", "--password-stdin");

        Assert.True(code == 0, error);
        Assert.Equal("Created ops@example.test (admin).", output.Trim());
        Assert.DoesNotContain("Typed-on-stdin-42", output);
        Assert.Equal((true, true), await CheckAsync("ops@example.test", "Typed-on-stdin-42"));
    }

    [Fact]
    public async Task CreateWithoutAPasswordPrintsAGeneratedOneAsTheLastLine()
    {
        var (code, output, error) = Run(null, "users", "create", "--email", "analyst@example.test");

        Assert.True(code == 0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("Created analyst@example.test (analyst).", lines[0]);
        Assert.Equal(16, lines[^1].Length);
        Assert.Equal((true, false), await CheckAsync("analyst@example.test", lines[^1]));
    }

    [Fact]
    public void CreateRefusesATakenEmailAShortPasswordAndAnEmptyStdinInOneLine()
    {
        Assert.Equal(0, Run("First-password-1\n", "users", "create", "--email", "taken@example.test", "--password-stdin").Code);

        var taken = Run("Other-password-2\n", "users", "create", "--email", "taken@example.test", "--password-stdin");
        Assert.Equal(2, taken.Code);
        Assert.Equal("error: taken@example.test already has an account; set its password with: users reset-password --email taken@example.test", taken.Err.Trim());

        var tooShort = Run("short\n", "users", "create", "--email", "short@example.test", "--password-stdin");
        Assert.Equal(2, tooShort.Code);
        Assert.Equal("error: Use at least 10 characters.", tooShort.Err.Trim());

        var empty = Run("", "users", "create", "--email", "empty@example.test", "--password-stdin");
        Assert.Equal(2, empty.Code);
        Assert.Contains("standard input has no password", empty.Err);
    }

    [Fact]
    public async Task ResetPasswordReplacesThePasswordRefusesTheCurrentOneAndGivesAKeyOnlyAccountOne()
    {
        Assert.Equal(0, Run("First-password-1\n", "users", "create", "--email", "reset@example.test", "--password-stdin").Code);

        var reused = Run("First-password-1\n", "users", "reset-password", "--email", "reset@example.test", "--password-stdin");
        Assert.Equal(2, reused.Code);
        Assert.Equal("error: Choose a password that differs from the current one.", reused.Err.Trim());

        var (code, output, error) = Run("Second-password-2\r\n", "users", "reset-password", "--email", "reset@example.test", "--password-stdin");
        Assert.True(code == 0, error);
        Assert.Equal("Password set for reset@example.test.", output.Trim());
        Assert.Equal((true, false), await CheckAsync("reset@example.test", "Second-password-2"));
        Assert.False((await CheckAsync("reset@example.test", "First-password-1")).PasswordWorks);

        // keys create makes password-less accounts; reset-password is how they get one.
        Assert.Equal(0, Run(null, "keys", "create", "--email", "keyonly@example.test").Code);
        var generated = Run(null, "users", "reset-password", "--email", "keyonly@example.test");
        Assert.Equal(0, generated.Code);
        Assert.True((await CheckAsync("keyonly@example.test", generated.Out.Trim().Split('\n')[^1].Trim())).PasswordWorks);

        var unknown = Run(null, "users", "reset-password", "--email", "nobody@example.test");
        Assert.Equal(2, unknown.Code);
        Assert.Equal("error: no account for nobody@example.test", unknown.Err.Trim());
    }
}
