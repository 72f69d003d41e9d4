using System.Net.Http.Json;
using BiasApp.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BiasApp.Tests;

/// <summary>Helpers shared by the account, usage and admin tests.</summary>
public static class TestData
{
    public static Task<HttpResponseMessage> AnalyzeAsync(this HttpClient client, string text = "All nurses are women. The sky is blue.", string explain = "none") =>
        client.PostAsJsonAsync("/api/v1/analyze", new { text, explain });

    /// <summary>A fresh context on the app's database.</summary>
    public static BiasDbContext Db(this BiasAppFactory factory) =>
        factory.Services.GetRequiredService<IDbContextFactory<BiasDbContext>>().CreateDbContext();

    public static async Task<string> UserIdAsync(this BiasAppFactory factory, string email)
    {
        await using var db = factory.Db();
        return await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
    }
}

/// <summary>A clock fixed at a chosen instant.</summary>
public sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;
    public override DateTimeOffset GetUtcNow() => Now;
}
