using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace BiasApp.Tests.Usage;

// Batch rows are analyses too: each counts against the owner's daily quota and shows in their usage.
public sealed class BatchUsageTests
{
    private static async Task<string> WaitForDoneAsync(HttpClient client, string id)
    {
        for (var i = 0; i < 400; i++)
        {
            var status = await client.GetFromJsonAsync<JsonElement>($"/api/v1/batches/{id}");
            if (status.GetProperty("status").GetString() is "done" or "failed" or "cancelled") return status.GetProperty("status").GetString()!;
            await Task.Delay(50);
        }
        throw new TimeoutException("batch never finished");
    }

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
}
