using BiasApp.Cli;
using BiasApp.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace BiasApp.Cli.Tests.Admin;

// `feedback export` in-process, on a database of its own (ConnectionStrings__Default), filled through the app's own context.
[Collection("Console")]
public sealed class FeedbackCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("biasapp-feedback-cli-").FullName;
    private readonly string? _previous = Environment.GetEnvironmentVariable("ConnectionStrings__Default");

    public FeedbackCliTests() => Environment.SetEnvironmentVariable("ConnectionStrings__Default", ConnectionString);

    private string ConnectionString => $"Data Source={Path.Combine(_dir, "biasapp.db")}";

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("ConnectionStrings__Default", _previous);
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            var code = (int)typeof(CommandLine).Assembly.EntryPoint!.Invoke(null, [args])!;
            return (code, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
        }
    }

    private static FeedbackItem Item(string userId, string text, string kind, string status, DateTime? decidedAt) => new()
    {
        Text = text, Kind = kind, ModelKind = "stereotype", Probability = 0.8125f, ModelName = "stereotype-minilm", ModelVersion = "1.4.0",
        Status = status, UserId = userId, CreatedAt = new DateTime(2026, 12, 1, 9, 0, 0, DateTimeKind.Utc),
        DecidedById = decidedAt is null ? null : userId, DecidedAt = decidedAt,
    };

    [Fact]
    public async Task ExportWritesTheAcceptedItemsInTheTrainingColumns()
    {
        await using (var services = KeyProvisioning.BuildServices(ConnectionString, _dir))
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<BiasDbContext>();
            await AccountProvisioning.InitializeAsync(db, scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>());
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            Assert.True((await AccountProvisioning.CreateUserAsync(users, "lead@example.test", "Correct-horse-42", admin: true)).Succeeded);
            var id = (await users.FindByEmailAsync("lead@example.test"))!.Id;
            db.Feedback.AddRange(
                Item(id, "The Scottish uncle refused to pay, \"again\".", "portrayal", FeedbackStatuses.Decided, new DateTime(2026, 12, 2, 10, 30, 0, DateTimeKind.Utc)),
                Item(id, "Sikh men often wear a turban.", "none", FeedbackStatuses.Decided, new DateTime(2026, 12, 3, 8, 0, 0, DateTimeKind.Utc)),
                Item(id, "A pending sentence stays out.", "reported", FeedbackStatuses.Pending, null),
                Item(id, "A rejected sentence stays out.", "stereotype", FeedbackStatuses.Rejected, new DateTime(2026, 12, 3, 9, 0, 0, DateTimeKind.Utc)));
            await db.SaveChangesAsync();
        }
        var output = Path.Combine(_dir, "decisions.csv");

        var (code, stdout, error) = Run("feedback", "export", "--output", output);

        Assert.True(code == 0, error);
        Assert.Equal($"Wrote 2 team decision(s) to {output}.", stdout.Trim());
        Assert.Equal(
            """
            text,kind,label,model_version,model_kind,probability,decided_at
            "The Scottish uncle refused to pay, ""again"".",portrayal,1,1.4.0,stereotype,0.8125,2026-12-02T10:30:00Z
            Sikh men often wear a turban.,none,0,1.4.0,stereotype,0.8125,2026-12-03T08:00:00Z

            """.ReplaceLineEndings("\n"), await File.ReadAllTextAsync(output));
    }

    [Fact]
    public void ExportWithoutAnOutputFileSaysHow()
    {
        var (code, _, error) = Run("feedback", "export");

        Assert.Equal(2, code);
        Assert.Contains("--output", error);
    }
}
