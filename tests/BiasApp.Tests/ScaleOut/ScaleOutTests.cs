using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BiasApp.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace BiasApp.Tests.ScaleOut;

/// <summary>
/// Two app processes on one PostgreSQL database, as behind the scale-out proxy: quotas, sign-in and batches hold across them.
/// Real servers (<c>.ci/services</c>), real processes (the built app), the real model.
/// </summary>
[Collection(ScaleOutCollection.Name)]
public sealed class ScaleOutTests
{
    internal static Dictionary<string, string> Settings(TestDatabase database, params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string>
        {
            ["Database:Provider"] = "PostgreSQL",
            ["ConnectionStrings:Default"] = database.ConnectionString,
            ["Usage:RequestsPerMinute"] = "100000",
            ["Usage:RequestsPerHour"] = "100000",
            ["Usage:DailyQuota"] = "100000",
            ["Usage:DailyExplanationQuota"] = "100000",
            ["Batches:LeaseDuration"] = "00:00:03",
            ["Batches:PollInterval"] = "00:00:00.500",
            // Concurrent test load may queue behind a slow replica's inference gate; a 503 there would use up quota.
            ["Inference:MaxQueue"] = "200",
        };
        foreach (var (key, value) in more) settings[key] = value;
        return settings;
    }

    internal static async Task<string> KeyAsync(TestDatabase database, string email, bool admin = false)
    {
        await using var services = KeyProvisioning.BuildServices(database.Settings, Path.GetTempPath());
        return await KeyProvisioning.CreateKeyAsync(services, email, admin, "scale-out");
    }

    private static async Task<T> QueryAsync<T>(TestDatabase database, Func<BiasDbContext, Task<T>> query)
    {
        await using var services = KeyProvisioning.BuildServices(database.Settings, Path.GetTempPath());
        await using var scope = services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<BiasDbContext>());
    }

    [PostgresFact]
    public async Task ADailyQuotaHoldsExactlyAcrossTwoReplicasUnderConcurrentLoadAndUsageEqualsTheAnswers()
    {
        const int quota = 12;
        await using var database = await ScaleOutServers.CreateDatabaseAsync();
        var users = new[] { "q1@example.test", "q2@example.test", "q3@example.test" };
        var keys = new List<string>();
        foreach (var user in users) keys.Add(await KeyAsync(database, user));
        await using var a = await AppReplica.StartAsync(Settings(database, ("Usage:DailyQuota", quota.ToString())));
        await using var b = await AppReplica.StartAsync(Settings(database, ("Usage:DailyQuota", quota.ToString())));

        // Each user sends 2.5 quotas' worth, alternating replicas, 8 at a time per user.
        var answers = await Task.WhenAll(keys.Select(async (key, u) =>
        {
            using var clientA = a.CreateClient(key);
            using var clientB = b.CreateClient(key);
            using var gate = new SemaphoreSlim(8);
            var statuses = await Task.WhenAll(Enumerable.Range(0, quota * 5 / 2).Select(async i =>
            {
                await gate.WaitAsync();
                try
                {
                    var client = i % 2 == 0 ? clientA : clientB;
                    var response = await client.PostAsJsonAsync("/api/v1/analyze", new { text = $"User {u} wrote sentence number {i} about the weather today." });
                    return response.StatusCode;
                }
                finally
                {
                    gate.Release();
                }
            }));
            return statuses;
        }));

        for (var u = 0; u < users.Length; u++)
        {
            Assert.Equal(quota, answers[u].Count(s => s == HttpStatusCode.OK));
            Assert.Equal(quota * 5 / 2 - quota, answers[u].Count(s => s == HttpStatusCode.TooManyRequests));
        }
        var recorded = await QueryAsync(database, db => db.DailyUsage.Join(db.Users, d => d.UserId, u => u.Id, (d, u) => new { u.Email, d.Requests, d.Rejected }).ToListAsync());
        foreach (var user in users)
        {
            var day = Assert.Single(recorded, r => r.Email == user);
            Assert.Equal((quota, quota * 5 / 2 - quota), (day.Requests, day.Rejected));
        }
        Assert.Equal(0, await QueryAsync(database, db => db.UsageReservations.CountAsync()));
    }

    [PostgresFact]
    public async Task ConcurrentBatchUploadsOnTwoReplicasKeepTheQuotaAndTheConcurrentBatchLimit()
    {
        await using var database = await ScaleOutServers.CreateDatabaseAsync();
        var limited = await KeyAsync(database, "one-at-a-time@example.test");
        var metered = await KeyAsync(database, "five-a-day@example.test");
        await QueryAsync(database, db => db.Users.Where(u => u.Email == "five-a-day@example.test")
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.DailyQuota, 5)));
        var started = await Task.WhenAll(
            AppReplica.StartAsync(Settings(database)), AppReplica.StartAsync(Settings(database)),
            AppReplica.StartAsync(Settings(database, ("Batches:MaxConcurrentJobsPerUser", "10"))),
            AppReplica.StartAsync(Settings(database, ("Batches:MaxConcurrentJobsPerUser", "10"))));
        await using var a = started[0];
        await using var b = started[1];
        await using var a10 = started[2];
        await using var b10 = started[3];

        // Six uploads at once, alternating replicas: one batch at a time per user (the default) lets exactly one in.
        var statuses = await UploadAtOnceAsync(a, b, limited, uploads: 6, body: "The bus was late.\n");
        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.Accepted));
        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.Conflict));

        // Daily quota 5 (the user's override) and up to 10 batches at a time: of six 3-row uploads only one fits.
        statuses = await UploadAtOnceAsync(a10, b10, metered, uploads: 6, body: "one\ntwo\nthree\n");
        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.Accepted));
        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
    }

    private static async Task<HttpStatusCode[]> UploadAtOnceAsync(AppReplica a, AppReplica b, string key, int uploads, string body)
    {
        using var clientA = a.CreateClient(key);
        using var clientB = b.CreateClient(key);
        return await Task.WhenAll(Enumerable.Range(0, uploads).Select(async i =>
        {
            var response = await (i % 2 == 0 ? clientA : clientB).PostAsync("/api/v1/batches", new StringContent(body, Encoding.UTF8, "text/plain"));
            return response.StatusCode;
        }));
    }

    [PostgresAndRedisFact]
    public async Task APerMinuteLimitHoldsAcrossTwoReplicasThroughRedis()
    {
        const int perMinute = 10;
        await using var database = await ScaleOutServers.CreateDatabaseAsync();
        var key = await KeyAsync(database, "minute@example.test");
        var settings = Settings(database, ("Usage:RequestsPerMinute", perMinute.ToString()),
            ("Redis:Configuration", ScaleOutServers.RedisConfiguration), ("Redis:InstanceName", BiasApp.Tests.Redis.RedisServer.NewInstanceName()));
        await using var a = await AppReplica.StartAsync(settings);
        await using var b = await AppReplica.StartAsync(settings);
        using var onA = a.CreateClient(key);
        using var onB = b.CreateClient(key);

        var statuses = new List<HttpStatusCode>();
        var remaining = new List<string?>();
        for (var i = 0; i < perMinute + 4; i++)
        {
            var response = await (i % 2 == 0 ? onA : onB).PostAsJsonAsync("/api/v1/analyze", new { text = $"Sentence {i} about the harbour." });
            statuses.Add(response.StatusCode);
            remaining.Add(response.Headers.TryGetValues("RateLimit-Remaining", out var values) ? values.Single() : null);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) Assert.True(response.Headers.RetryAfter is not null);
        }

        // Sequential, alternating replicas, inside one minute: the 11th is refused whichever replica it reaches.
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, perMinute).Concat(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 4)), statuses);
        Assert.Equal(Enumerable.Range(0, perMinute).Select(i => (perMinute - 1 - i).ToString()), remaining.Take(perMinute));
        var day = await QueryAsync(database, db => db.DailyUsage.SingleAsync());
        Assert.Equal((perMinute, 4), (day.Requests, day.Rejected));
    }

    [PostgresFact]
    public async Task AUserSignedInOnOneReplicaIsSignedInOnTheOtherAndItsFormsWorkThere()
    {
        await using var database = await ScaleOutServers.CreateDatabaseAsync();
        const string email = "admin@example.test", password = "correct-horse-battery";
        var settings = Settings(database, ("Admin:Email", email), ("Admin:Password", password));
        await using var a = await AppReplica.StartAsync(settings);
        await using var b = await AppReplica.StartAsync(settings);

        // One cookie jar for both (cookies are per host, not per port), as a browser behind the proxy has.
        var cookies = new CookieContainer();
        using var handler = new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false };
        using var onA = a.CreateClient(handler: handler);
        using var onB = b.CreateClient(handler: handler);

        Assert.Equal(HttpStatusCode.Unauthorized, (await onB.GetAsync("/api/v1/usage")).StatusCode);
        // The sign-in form is served by A and posted to B: B must read A's antiforgery token.
        var form = await onA.GetStringAsync("/account/login");
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]*)\"|value=\"([^\"]*)\"[^>]*name=\"__RequestVerificationToken\"");
        Assert.True(token.Success, "no antiforgery token on the sign-in page");
        var posted = await onB.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Success ? token.Groups[1].Value : token.Groups[2].Value),
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        }));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);

        // The cookie B issued works on A.
        var usage = await onA.GetFromJsonAsync<JsonElement>("/api/v1/usage");
        Assert.Equal(email, usage.GetProperty("email").GetString());
        Assert.Equal(HttpStatusCode.OK, (await onA.GetAsync("/admin")).StatusCode);
    }

    [PostgresFact]
    public async Task ABatchWhoseReplicaIsKilledIsFinishedByTheOtherWithEveryRowScoredAndCountedOnce()
    {
        await using var run = await BatchOnTwoReplicasAsync("batch@example.test", ("Logging:LogLevel:BiasApp.Batches", "Information"));
        var (database, id) = (run.Database, run.Id);
        const int rows = BatchRun.Rows;
        run.Owner.KillHard();
        Assert.True(run.Owner.HasExited);

        var finished = await run.FinishedOnAsync(run.Other);
        Assert.Equal("done", finished.GetProperty("status").GetString());
        Assert.Equal(rows, finished.GetProperty("rowsDone").GetInt32());

        var (unscored, events, daily, leased) = await QueryAsync(database, async db => (
            await db.BatchRows.CountAsync(r => r.BatchId == id && r.Flagged == null),
            await db.UsageEvents.CountAsync(e => e.Channel == UsageChannels.Batch),
            await db.DailyUsage.SumAsync(d => d.Requests),
            (await db.Batches.AsNoTracking().SingleAsync(j => j.Id == id)).LeaseOwner));
        Assert.Equal(0, unscored);
        Assert.Equal(rows, events);  // every row counted once, though part of the batch ran on a replica that died
        Assert.Equal(rows, daily);
        Assert.Null(leased);
        Assert.Contains("Resuming batch", run.Other.Log);
    }

    [PostgresFact]
    public async Task AReplicaPausedPastItsLeaseCannotCommitAfterAnotherTookTheBatchOver()
    {
        await using var run = await BatchOnTwoReplicasAsync("paused@example.test");
        var (database, id) = (run.Database, run.Id);
        const int rows = BatchRun.Rows;
        var owner = run.Lease;
        run.Owner.Signal("STOP");
        try
        {
            // The other replica takes the batch once the paused one's lease has run out.
            await Eventually.HoldsAsync(async () =>
                await QueryAsync(database, db => db.Batches.AsNoTracking().SingleAsync(j => j.Id == id)) is { LeaseOwner: { } lease } && lease != owner,
                TimeSpan.FromSeconds(60), "the other replica takes the batch over");
        }
        finally
        {
            // Woken up, it still holds scored rows of its chunk in memory and tries to commit them.
            run.Owner.Signal("CONT");
        }

        var finished = await run.FinishedOnAsync(run.Other);
        Assert.Equal("done", finished.GetProperty("status").GetString());
        var (unscored, events) = await QueryAsync(database, async db => (
            await db.BatchRows.CountAsync(r => r.BatchId == id && r.Flagged == null),
            await db.UsageEvents.CountAsync(e => e.Channel == UsageChannels.Batch)));
        Assert.Equal((0, rows), (unscored, events)); // the paused replica's late chunk was not committed or counted
    }

    [PostgresFact]
    public async Task ABatchRunningOnOneReplicaIsCancelledFromTheOther()
    {
        await using var run = await BatchOnTwoReplicasAsync("cancel@example.test");
        var (database, id) = (run.Database, run.Id);
        const int rows = BatchRun.Rows;
        using var client = run.Other.CreateClient(run.Key);
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/v1/batches/{id}/cancel", null)).StatusCode);

        // The owner notices at its next chunk or lease renewal and lets go; no more rows are scored after that.
        var stopped = await Eventually.MatchesAsync(() => QueryAsync(database, db => db.Batches.AsNoTracking().SingleAsync(j => j.Id == id)),
            job => job.LeaseOwner is null, TimeSpan.FromSeconds(30), "the owner lets go of the cancelled batch");
        Assert.Equal(BatchStatus.Cancelled, stopped.Status);
        Assert.True(stopped.RowsDone < rows);

        // A batch queued after the cancellation runs to the end, so the replicas have been back to the queue since; the
        // cancelled batch is older and would have been claimed first had it still been claimable.
        using var ownerClient = run.Owner.CreateClient(run.Key);
        var queued = await ownerClient.PostAsync("/api/v1/batches", new StringContent("The bus was late.\nThe film was long.", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
        var next = Guid.Parse((await queued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
        var followUp = await Eventually.MatchesAsync(() => QueryAsync(database, db => db.Batches.AsNoTracking().SingleAsync(j => j.Id == next)),
            job => job.Status is not (BatchStatus.Queued or BatchStatus.Running), TimeSpan.FromSeconds(60), "the batch queued after the cancellation ends");
        Assert.Equal((BatchStatus.Done, 2), (followUp.Status, followUp.RowsDone));

        var after = await QueryAsync(database, async db => (
            (await db.Batches.AsNoTracking().SingleAsync(j => j.Id == id)).RowsDone,
            await db.BatchRows.CountAsync(r => r.BatchId == id && r.Flagged != null),
            await db.UsageEvents.CountAsync(e => e.Channel == UsageChannels.Batch)));
        Assert.Equal((stopped.RowsDone, stopped.RowsDone, stopped.RowsDone + followUp.RowsDone), after);
    }

    /// <summary>
    /// A fresh database, two replicas, and a 1,200-row batch uploaded to the first, returned once it is running and has
    /// committed some chunks but not all, with the replica that holds it (<see cref="BatchRun.Owner"/>) and the other.
    /// </summary>
    private static async Task<BatchRun> BatchOnTwoReplicasAsync(string email, params (string Key, string Value)[] more)
    {
        var database = await ScaleOutServers.CreateDatabaseAsync();
        var key = await KeyAsync(database, email);
        var settings = Settings(database, [("Batches:ChunkRows", "16"), .. more]);
        var replicas = new[] { await AppReplica.StartAsync(settings), await AppReplica.StartAsync(settings) };

        var lines = string.Join('\n', Enumerable.Range(0, BatchRun.Rows).Select(i => $"Row {i}: the committee met on day {i % 31} and discussed budget item {i * 7}."));
        using var client = replicas[0].CreateClient(key);
        var created = await client.PostAsync("/api/v1/batches", new StringContent(lines, Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var id = Guid.Parse((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);

        var running = await Eventually.MatchesAsync(() => QueryAsync(database, db => db.Batches.AsNoTracking().SingleAsync(j => j.Id == id)),
            job => job is { Status: BatchStatus.Running, RowsDone: > 0, LeaseOwner: not null } && job.RowsDone < BatchRun.Rows,
            TimeSpan.FromSeconds(120), "the batch runs and has committed some chunks but not all");
        var lease = running.LeaseOwner!;
        var held = replicas.Single(r => lease.Split(':')[1] == r.ProcessId.ToString());
        return new BatchRun(database, key, id, lease, held, replicas.Single(r => r != held));
    }

    private sealed record BatchRun(TestDatabase Database, string Key, Guid Id, string Lease, AppReplica Owner, AppReplica Other) : IAsyncDisposable
    {
        public const int Rows = 1200;

        /// <summary>The batch's status, read through <paramref name="replica"/>, once it has ended.</summary>
        public async Task<JsonElement> FinishedOnAsync(AppReplica replica)
        {
            using var client = replica.CreateClient(Key);
            return await Eventually.MatchesAsync(() => client.GetFromJsonAsync<JsonElement>($"/api/v1/batches/{Id}"),
                status => status.GetProperty("status").GetString() is "done" or "failed" or "cancelled", TimeSpan.FromSeconds(180), "the batch ends");
        }

        public async ValueTask DisposeAsync()
        {
            await Owner.DisposeAsync();
            await Other.DisposeAsync();
            await Database.DisposeAsync();
        }
    }
}

/// <summary>The scale-out tests start app processes of their own; they run one at a time, not beside each other.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ScaleOutCollection
{
    public const string Name = "Scale-out";
}
