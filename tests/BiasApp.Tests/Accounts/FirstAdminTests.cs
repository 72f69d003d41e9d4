using System.Net;
using BiasApp.Data;
using BiasApp.Tests.ScaleOut;
using BiasApp.Tests.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BiasApp.Tests.Accounts;

/// <summary>
/// The first admin is made once per database: by the first-run form or <c>Admin:Email</c>, however many hosts share the
/// database and however many attempts arrive at once. Several hosts of the app in this process stand for replicas.
/// </summary>
public sealed class FirstAdminTests
{
    private const string Password = "first-admin-password";

    [Fact]
    public async Task SetupFormsPostedAtOnceToSeveralHostsOfOneSqliteDatabaseMakeExactlyOneAdmin()
    {
        await using var hosts = Hosts.OnSqlite(3);
        await SetupFormsAtOnceAsync(hosts, formsPerHost: 2);
    }

    [Fact]
    public async Task HostsStartingTogetherWithAdminEmailOnOneSqliteDatabaseMakeExactlyOneAdmin()
    {
        await using var hosts = Hosts.OnSqlite(3);
        await StartTogetherWithAdminEmailsAsync(hosts);
    }

    [PostgresFact]
    public async Task SetupFormsPostedAtOnceToSeveralHostsOfOnePostgreSqlDatabaseMakeExactlyOneAdmin()
    {
        await using var database = await ScaleOutServers.CreateDatabaseAsync();
        await using var hosts = Hosts.OnPostgreSql(database, 3);
        await SetupFormsAtOnceAsync(hosts, formsPerHost: 2);
    }

    [PostgresFact]
    public async Task HostsStartingTogetherWithAdminEmailOnOnePostgreSqlDatabaseMakeExactlyOneAdmin()
    {
        await using var database = await ScaleOutServers.CreateDatabaseAsync();
        await using var hosts = Hosts.OnPostgreSql(database, 3);
        await StartTogetherWithAdminEmailsAsync(hosts);
    }

    [Fact]
    public async Task AFailedFirstAttemptLeavesTheFirstAdminToTheNextOne()
    {
        await using var app = new BiasAppFactory();
        _ = app.Server;
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BiasDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();

        var refused = await FirstAdmin.CreateAsync(db, users, "short@example.test", "short");
        Assert.Contains(refused.Errors, e => e.Code == nameof(IdentityErrorDescriber.PasswordTooShort));
        db.ChangeTracker.Clear();
        var created = await FirstAdmin.CreateAsync(db, users, "second@example.test", Password);

        Assert.True(created.Succeeded, AccountProvisioning.Describe(created));
        Assert.Equal(["second@example.test"], await AdminsAsync(app));
        Assert.Equal(1, await db.Users.CountAsync());
    }

    [Fact]
    public async Task AdminEmailOnADatabaseThatHasAccountsMakesNoAdminAndSaysSo()
    {
        await using var app = new BiasAppFactory();
        _ = app.AnalystKey; // an account made with the CLI before the setting was added
        app.Settings["Admin:Email"] = "late@example.test";
        app.Settings["Admin:Password"] = Password;
        var logs = new CapturingLoggerProvider();
        await using var logged = app.WithWebHostBuilder(builder => builder.ConfigureLogging(logging => logging.AddProvider(logs)));
        _ = logged.Server;

        Assert.Empty(await AdminsAsync(app));
        Assert.Contains(logs.Lines, line => line.StartsWith("Warning ", StringComparison.Ordinal) && line.Contains("late@example.test") && line.Contains("Admin:Email"));
    }

    private static async Task SetupFormsAtOnceAsync(Hosts hosts, int formsPerHost)
    {
        await Task.WhenAll(hosts.All.Select(host => Task.Run(() => host.Server)));
        var forms = hosts.All.SelectMany(host => Enumerable.Range(0, formsPerHost).Select(_ => AccountForms.For(host))).ToList();
        // Every form is open before any is posted, as when several people open a new installation together.
        var tokens = await Task.WhenAll(forms.Select(form => form.TokenAsync("/account/setup")));

        var posted = await Task.WhenAll(forms.Select((form, i) => form.PostWithTokenAsync("/account/setup", tokens[i], "setup",
            ("Input.Email", $"admin{i}@example.test"), ("Input.Password", Password), ("Input.Confirm", Password))));

        var admin = Assert.Single(await AdminsAsync(hosts.All[0]));
        Assert.All(posted, p => Assert.Equal(HttpStatusCode.Redirect, p.Status));
        var targets = posted.Select(p => new Uri(new Uri("http://localhost"), p.Location!).AbsolutePath).ToList();
        // The winner is signed in and sent to the app; everyone else to the login form.
        var winner = Assert.Single(Enumerable.Range(0, forms.Count), i => targets[i] == "/");
        Assert.Equal(forms.Count - 1, targets.Count(t => t == "/account/login"));
        Assert.Equal($"admin{winner}@example.test", admin);
    }

    private static async Task StartTogetherWithAdminEmailsAsync(Hosts hosts)
    {
        // Each host has its own Admin:Email, as replicas configured by mistake would: still only one admin.
        for (var i = 0; i < hosts.All.Count; i++)
        {
            hosts.All[i].Settings["Admin:Email"] = $"seeded{i}@example.test";
            hosts.All[i].Settings["Admin:Password"] = Password;
        }

        await Task.WhenAll(hosts.All.Select(host => Task.Run(() => host.Server)));

        var admin = Assert.Single(await AdminsAsync(hosts.All[0]));
        Assert.StartsWith("seeded", admin);
        await using var db = hosts.All[0].Db();
        Assert.Equal(1, await db.Users.CountAsync());
    }

    private static async Task<List<string>> AdminsAsync(BiasAppFactory app)
    {
        await using var db = app.Db();
        return await db.UserRoles.Join(db.Roles.Where(r => r.Name == Roles.Admin), ur => ur.RoleId, r => r.Id, (ur, _) => ur.UserId)
            .Join(db.Users, id => id, u => u.Id, (_, u) => u.Email!).ToListAsync();
    }

    /// <summary>Several hosts of the app on one database, none of them started yet.</summary>
    private sealed class Hosts : IAsyncDisposable
    {
        private Hosts(List<BiasAppFactory> all) => All = all;

        public List<BiasAppFactory> All { get; }

        public static Hosts OnSqlite(int count)
        {
            var first = new BiasAppFactory();
            return new Hosts([first, .. Enumerable.Range(1, count - 1).Select(_ => new BiasAppFactory(first.DatabasePath, ownsDatabase: false))]);
        }

        public static Hosts OnPostgreSql(TestDatabase database, int count)
        {
            var all = Enumerable.Range(0, count).Select(_ => new BiasAppFactory()).ToList();
            foreach (var host in all)
            {
                host.Settings["Database:Provider"] = "PostgreSQL";
                host.Settings["ConnectionStrings:Default"] = database.ConnectionString;
            }
            return new Hosts(all);
        }

        public async ValueTask DisposeAsync()
        {
            // The owner of the SQLite file last, so that it deletes the file after the others have let go of it.
            foreach (var host in Enumerable.Reverse(All)) await host.DisposeAsync();
        }
    }
}
