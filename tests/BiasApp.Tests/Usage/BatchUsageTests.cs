using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BiasApp.Tests.Usage;

// Batch rows are analyses too: each counts against the owner's daily quota and shows in their usage.
public sealed class BatchUsageTests
{
    private static Task<string> WaitForDoneAsync(HttpClient client, string id) =>
        Eventually.MatchesAsync(
            async () => (await client.GetFromJsonAsync<JsonElement>($"/api/v1/batches/{id}")).GetProperty("status").GetString()!,
            status => status is "done" or "failed" or "cancelled", TimeSpan.FromSeconds(30), "the batch ends");

    [Fact]
    public async Task EveryBatchRowIsCountedAsAnAnalysisOfItsOwner()
    {
        await using var factory = new BiasAppFactory();
        var client = factory.CreateClient();

        var response = await client.PostAsync("/api/v1/batches", new StringContent("All women are bad drivers.\nThe bus was late.\nMen are strong.\n", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.Equal("done", await WaitForDoneAsync(client, id));

        var usage = JsonDocument.Parse(await client.GetStringAsync("/api/v1/usage")).RootElement;
        Assert.Equal(3, usage.GetProperty("today").GetProperty("requests").GetInt32());
    }

    [Fact]
    public async Task ABatchLargerThanTheRemainingQuotaIsRefusedWith429()
    {
        await using var factory = new BiasAppFactory();
        factory.Settings["Usage:DailyQuota"] = "2";
        var client = factory.CreateClient();

        var response = await client.PostAsync("/api/v1/batches", new StringContent("one\ntwo\nthree\n", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains("remain of today's quota", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task TheUnscoredRowsOfARunningBatchHoldTheirShareOfTheQuotaAgainstSingleAnalysesAndUploads()
    {
        await using var factory = new BiasAppFactory();
        factory.Settings["Usage:DailyQuota"] = "5";
        factory.Settings["Batches:MaxConcurrentJobsPerUser"] = "5";
        var client = factory.CreateClient();
        var userId = await factory.UserIdAsync("analyst@example.test");
        // A batch of 4 rows, 1 scored, running on another replica (its lease is live, so this one leaves it alone): 3 rows pending.
        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<BiasDbContext>>().CreateDbContextAsync())
        {
            db.Batches.Add(new BatchJob
            {
                Id = Guid.CreateVersion7(), OwnerId = userId, Name = "elsewhere", Status = BatchStatus.Running, RowsTotal = 4, RowsDone = 1,
                Threshold = 0.5, CreatedAt = DateTime.UtcNow, StartedAt = DateTime.UtcNow, LeaseOwner = "another-replica",
                LeaseExpiresAt = DateTime.UtcNow.AddHours(1),
            });
            await db.SaveChangesAsync();
        }

        var upload = await client.PostAsync("/api/v1/batches", new StringContent("one\ntwo\nthree\n", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.TooManyRequests, upload.StatusCode);
        Assert.Contains("only 2 analyses remain", JsonDocument.Parse(await upload.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString());

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
            statuses.Add((await client.PostAsJsonAsync("/api/v1/analyze", new { text = "The bus was late." })).StatusCode);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }
}
