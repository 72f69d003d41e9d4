using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BiasApp.Batches;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BiasApp.Tests.Batches;

public class BatchApiTests
{
    private const string Csv = "text,group\nAll women are bad drivers.,women\nThe bus was late.,women\nAll men are strong.,men\n\"Quoted, with\nnewline\",\n";

    internal static MultipartFormDataContent Upload(string content, string fileName = "texts.csv", string? textColumn = "text", string? groupColumn = "group")
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
        file.Headers.ContentType = new MediaTypeHeaderValue(fileName.EndsWith(".csv") ? "text/csv" : "text/plain");
        form.Add(file, "file", fileName);
        if (textColumn is not null) form.Add(new StringContent(textColumn), "textColumn");
        if (groupColumn is not null) form.Add(new StringContent(groupColumn), "groupColumn");
        return form;
    }

    internal static async Task<JsonElement> CreateAsync(HttpClient client, HttpContent content)
    {
        var response = await client.PostAsync("/api/v1/batches", content);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    internal static Task<JsonElement> WaitForAsync(HttpClient client, string id, Func<JsonElement, bool> condition) =>
        Eventually.MatchesAsync(() => client.GetFromJsonAsync<JsonElement>($"/api/v1/batches/{id}"), condition, TimeSpan.FromSeconds(15),
            $"batch {id} reaches the expected state");

    internal static string Status(JsonElement e) => e.GetProperty("status").GetString()!;

    [Fact]
    public async Task CsvBatchRunsToDoneAndStreamsResultsWithGroupRates()
    {
        await using var factory = new BatchAppFactory(new FakeClassifier());
        var client = factory.CreateClient();

        var created = await CreateAsync(client, Upload(Csv));
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal(4, created.GetProperty("rowsTotal").GetInt32());
        var done = await WaitForAsync(client, id, s => Status(s) is "done" or "failed");
        Assert.Equal("done", Status(done));
        Assert.Equal((4, 2), (done.GetProperty("rowsDone").GetInt32(), done.GetProperty("rowsFlagged").GetInt32()));

        var response = await client.GetAsync($"/api/v1/batches/{id}/results");
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal([0, 1, 2, 3], lines.Select(l => l.GetProperty("index").GetInt32()));
        Assert.True(lines[0].GetProperty("flagged").GetBoolean());
        Assert.Equal("Quoted, with\nnewline", lines[3].GetProperty("text").GetString());
        Assert.Equal(2, lines[3].GetProperty("sentences").GetArrayLength());
        // "Quoted, with" and "newline" have fewer than three words each: the row is too short, not flagged.
        Assert.Equal(["stereotype", "not_stereotype", "stereotype", "too_short"], lines.Select(l => l.GetProperty("label").GetString()));
        Assert.False(lines[3].GetProperty("flagged").GetBoolean());
        Assert.All(lines[3].GetProperty("sentences").EnumerateArray(), s => Assert.Equal("too_short", s.GetProperty("label").GetString()));

        var summary = await client.GetFromJsonAsync<JsonElement>($"/api/v1/batches/{id}/summary");
        Assert.Equal(0.5, summary.GetProperty("overall").GetProperty("rate").GetDouble());
        var women = summary.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("group").GetString() == "women");
        Assert.Equal((2, 1), (women.GetProperty("rows").GetInt32(), women.GetProperty("flagged").GetInt32()));

        var csv = await client.GetStringAsync($"/api/v1/batches/{id}/results?format=csv");
        // One row number, the file's: source_row.
        Assert.StartsWith("group,row_flagged,row_max_probability,sentence,sentence_text,sentence_probability,row_label,sentence_label,source_row,row_review,sentence_review,row_kind,kind,model_kind,decision_kind,input_group\r\n", csv);
        Assert.Contains("All women are bad drivers.,0.9,stereotype,stereotype,2,false,false,stereotype,stereotype,stereotype,,women", csv);
        Assert.Contains("newline,0,too_short,too_short,5,false,false,none,none,,,", csv);
        var json = await client.GetFromJsonAsync<JsonElement>($"/api/v1/batches/{id}/results?format=json");
        Assert.Equal(4, json.GetProperty("rows").GetArrayLength());
        Assert.Equal(4, json.GetProperty("summary").GetProperty("overall").GetProperty("rows").GetInt32());
    }

    [Fact]
    public async Task RowsKeepTheirSourceRowAndPassThroughColumnsAndSkippedRowsAreReported()
    {
        await using var factory = new BatchAppFactory(new FakeClassifier(), settings: new() { ["Analysis:MaxTextLength"] = "40" });
        var client = factory.CreateClient();
        const string csv = "id,text,date\nA1,All women are bad drivers.,2026-01-01\nA2,,2026-01-02\nA3,The bus was late today.,2026-01-03\n\n"
            + "A5,This text is far longer than the forty characters allowed here.,2026-01-05\nA6,Dogs bark at night.,2026-01-06\n";

        var created = await CreateAsync(client, Upload(csv, groupColumn: null));
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal(3, created.GetProperty("rowsTotal").GetInt32());
        Assert.Equal(3, created.GetProperty("rowsSkipped").GetInt32());
        Assert.Equal(["id", "date"], created.GetProperty("passThroughColumns").EnumerateArray().Select(c => c.GetString()));
        await WaitForAsync(client, id, s => Status(s) is "done" or "failed");

        var status = await client.GetFromJsonAsync<JsonElement>($"/api/v1/batches/{id}");
        Assert.Equal([(3, "blank"), (5, "blank"), (6, "too_long")],
            status.GetProperty("skipped").EnumerateArray().Select(s => (s.GetProperty("row").GetInt32(), s.GetProperty("reason").GetString())));

        var csvLines = (await client.GetStringAsync($"/api/v1/batches/{id}/results?format=csv")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.EndsWith(",row_label,sentence_label,source_row,row_review,sentence_review,row_kind,kind,model_kind,decision_kind,id,date", csvLines[0]);
        Assert.EndsWith(",stereotype,stereotype,2,false,false,stereotype,stereotype,stereotype,,A1,2026-01-01", csvLines[1]);
        Assert.EndsWith(",not_stereotype,not_stereotype,4,false,false,none,none,none,,A3,2026-01-03", csvLines[2]);
        Assert.EndsWith(",not_stereotype,not_stereotype,7,false,false,none,none,none,,A6,2026-01-06", csvLines[3]);

        var json = await client.GetFromJsonAsync<JsonElement>($"/api/v1/batches/{id}/results?format=json");
        var rows = json.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal([2, 4, 7], rows.Select(r => r.GetProperty("sourceRow").GetInt32()));
        Assert.Equal(["A1", "A3", "A6"], rows.Select(r => r.GetProperty("columns").GetProperty("id").GetString()));
        Assert.Equal(3, json.GetProperty("batch").GetProperty("rowsSkipped").GetInt32());

        // An empty passThrough field carries no columns.
        var none = Upload(csv, groupColumn: null);
        none.Add(new StringContent(""), "passThrough");
        var bare = await CreateAsync(client, none);
        Assert.Empty(bare.GetProperty("passThroughColumns").EnumerateArray());
    }

    [Fact]
    public async Task ACsvExportCellStartingWithAFormulaCharacterIsNeutralisedAndJsonStaysRaw()
    {
        await using var factory = new BatchAppFactory(new FakeClassifier());
        var client = factory.CreateClient();
        // A formula in the text, the group, a pass-through value and a pass-through column's name; then +, @, a tab and a CR.
        const string csv = "text,group,=cmd|' /C calc'!A0,note\n"
            + "\"=HYPERLINK(\"\"http://x/y\"\",\"\"click all cats\"\")\",+women,-2+3,@SUM(A1)\n"
            + "The bus was late today.,=1+1,\"\tx\",\"\ry\"\n";

        var id = (await CreateAsync(client, Upload(csv))).GetProperty("id").GetString()!;
        Assert.Equal("done", Status(await WaitForAsync(client, id, s => Status(s) is "done" or "failed")));

        var export = await client.GetStringAsync($"/api/v1/batches/{id}/results?format=csv");
        var lines = export.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.EndsWith(",\"'=cmd|' /C calc'!A0\",note", lines[0]);
        Assert.StartsWith("\"'+women\",", lines[1]);
        Assert.Contains(",\"'=HYPERLINK(\"\"http://x/y\"\",\"\"click all cats\"\")\",", lines[1]);
        Assert.EndsWith(",\"'-2+3\",\"'@SUM(A1)\"", lines[1]);
        Assert.StartsWith("\"'=1+1\",", lines[2]);
        Assert.EndsWith(",\"'\tx\",\"'\ry\"", lines[2]);

        // JSON keeps the values as they were uploaded.
        var json = await client.GetFromJsonAsync<JsonElement>($"/api/v1/batches/{id}/results?format=json");
        var first = json.GetProperty("rows")[0];
        Assert.Equal("=HYPERLINK(\"http://x/y\",\"click all cats\")", first.GetProperty("text").GetString());
        Assert.Equal("+women", first.GetProperty("group").GetString());
        Assert.Equal("-2+3", first.GetProperty("columns").GetProperty("=cmd|' /C calc'!A0").GetString());
        Assert.Equal("\tx", json.GetProperty("rows")[1].GetProperty("columns").GetProperty("=cmd|' /C calc'!A0").GetString());
    }

    [Fact]
    public async Task WithoutATextColumnFieldTheApiPicksTheColumnsThePageWould()
    {
        await using var factory = new BatchAppFactory(new FakeClassifier());
        var client = factory.CreateClient();
        const string named = "id,Text,Group\n1,All cats nap.,cats\n2,Dogs bark at night.,dogs\n";
        const string unnamed = "id,comment,score\n1,The bus was late again this morning.,3\n2,Everyone liked the new office.,4\n";

        foreach (var csv in new[] { named, unnamed })
        {
            var id = (await CreateAsync(client, Upload(csv, textColumn: null, groupColumn: null))).GetProperty("id").GetString()!;
            Assert.Equal("done", Status(await WaitForAsync(client, id, s => Status(s) is "done" or "failed")));
            var rows = (await client.GetFromJsonAsync<JsonElement>($"/api/v1/batches/{id}/results?format=json")).GetProperty("rows");

            // The page's choice, from the same code: a column called text, else the one with the longest values; a column called group.
            var preview = BatchInput.Preview(csv);
            var text = Array.IndexOf(preview.Header.ToArray(), preview.DefaultTextColumn);
            Assert.Equal(csv.Split('\n')[1].Split(',')[text], rows[0].GetProperty("text").GetString());
            Assert.Equal(preview.DefaultGroupColumn is null ? JsonValueKind.Null : JsonValueKind.String, rows[0].GetProperty("group").ValueKind);
        }
    }

    [Fact]
    public async Task AnEmptyGroupColumnFieldMeansNoGroups()
    {
        await using var factory = new BatchAppFactory(new FakeClassifier());
        var client = factory.CreateClient();

        var id = (await CreateAsync(client, Upload("text,group\nAll cats nap.,cats\n", textColumn: null, groupColumn: ""))).GetProperty("id").GetString()!;
        await WaitForAsync(client, id, s => Status(s) is "done" or "failed");

        var row = (await client.GetFromJsonAsync<JsonElement>($"/api/v1/batches/{id}/results?format=json")).GetProperty("rows")[0];
        Assert.Equal(JsonValueKind.Null, row.GetProperty("group").ValueKind);
        Assert.Equal("cats", row.GetProperty("columns").GetProperty("group").GetString());
    }

    [Fact]
    public async Task JsonLinesAndPlainTextAreAccepted()
    {
        await using var factory = new BatchAppFactory(new FakeClassifier());
        var client = factory.CreateClient();

        var jsonLines = new StringContent("{\"text\":\"All cats nap.\",\"group\":\"cats\"}\n\n{\"text\":\"Dogs bark.\"}\n", Encoding.UTF8, "application/x-ndjson");
        var id = (await CreateAsync(client, jsonLines)).GetProperty("id").GetString()!;
        Assert.Equal("done", Status(await WaitForAsync(client, id, s => Status(s) is "done" or "failed")));

        var text = new StringContent("one\n\ntwo\nthree\n", Encoding.UTF8, "text/plain");
        var second = await CreateAsync(client, text);
        Assert.Equal(3, second.GetProperty("rowsTotal").GetInt32());
    }

    [Fact]
    public async Task JsonLinesSkipBlankTextsAndCarryTheirOtherFields()
    {
        await using var factory = new BatchAppFactory(new FakeClassifier());
        var client = factory.CreateClient();

        var body = "{\"id\":\"a-1\",\"text\":\"All cats nap all day.\",\"date\":\"2026-11-30\"}\n" +
                   "{\"id\":\"a-2\",\"text\":\"  \"}\n" +
                   "{\"id\":3,\"text\":\"Dogs bark at the postman.\",\"group\":\"dogs\"}\n";
        var created = await CreateAsync(client, new StringContent(body, Encoding.UTF8, "application/x-ndjson"));
        Assert.Equal(2, created.GetProperty("rowsTotal").GetInt32());
        Assert.Equal(1, created.GetProperty("rowsSkipped").GetInt32());
        Assert.Equal(["id", "date"], created.GetProperty("passThroughColumns").EnumerateArray().Select(c => c.GetString()));
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal("done", Status(await WaitForAsync(client, id, s => Status(s) is "done" or "failed")));

        var lines = (await client.GetStringAsync($"/api/v1/batches/{id}/results")).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal([1, 3], lines.Select(l => l.GetProperty("sourceRow").GetInt32()));
        Assert.Equal("a-1", lines[0].GetProperty("columns").GetProperty("id").GetString());
        Assert.Equal("2026-11-30", lines[0].GetProperty("columns").GetProperty("date").GetString());
        Assert.Equal("3", lines[1].GetProperty("columns").GetProperty("id").GetString());
    }

    [Fact]
    public async Task UnknownAndOtherUsersBatchesAre404()
    {
        await using var factory = new BatchAppFactory(new FakeClassifier());
        var alice = factory.CreateClient();
        alice.DefaultRequestHeaders.Add("X-Test-User", "alice");
        var bob = factory.CreateClient();
        bob.DefaultRequestHeaders.Add("X-Test-User", "bob");

        var id = (await CreateAsync(alice, Upload(Csv))).GetProperty("id").GetString()!;

        Assert.Equal(HttpStatusCode.NotFound, (await alice.GetAsync($"/api/v1/batches/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/api/v1/batches/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/api/v1/batches/{id}/results")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.PostAsync($"/api/v1/batches/{id}/cancel", null)).StatusCode);
        Assert.Empty((await bob.GetFromJsonAsync<JsonElement>("/api/v1/batches")).EnumerateArray());
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync($"/api/v1/batches/{id}")).StatusCode);
    }

    [Fact]
    public async Task ProgressIsReportedAndASecondBatchWaitsItsTurnThenCancelWorks()
    {
        var classifier = new SteppedClassifier();
        await using var factory = new BatchAppFactory(classifier);
        var client = factory.CreateClient();

        // 6 rows in chunks of 2: three classifier calls (rows of three words or more; shorter ones never reach the model).
        var sixRows = string.Concat(Enumerable.Range(1, 6).Select(i => $"This is row {i}.\n"));
        var id = (await CreateAsync(client, new StringContent(sixRows, Encoding.UTF8, "text/plain"))).GetProperty("id").GetString()!;
        Assert.Equal("running", Status(await WaitForAsync(client, id, s => Status(s) == "running")));

        classifier.Allow();
        var progress = await WaitForAsync(client, id, s => s.GetProperty("rowsDone").GetInt32() == 2);
        Assert.Equal("running", Status(progress));
        Assert.Equal(6, progress.GetProperty("rowsTotal").GetInt32());
        Assert.True(progress.GetProperty("rowsPerSecond").GetDouble() > 0);
        Assert.True(progress.GetProperty("secondsLeft").GetDouble() >= 0);

        var second = await client.PostAsync("/api/v1/batches", new StringContent("x\n", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);

        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/v1/batches/{id}/cancel", null)).StatusCode);
        var cancelled = await WaitForAsync(client, id, s => Status(s) != "running");
        Assert.Equal("cancelled", Status(cancelled));
        Assert.Equal(2, cancelled.GetProperty("rowsDone").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync($"/api/v1/batches/{id}/cancel", null)).StatusCode);

        // The slot is free again; results so far stay readable.
        classifier.Allow(10);
        var next = (await CreateAsync(client, new StringContent("x\n", Encoding.UTF8, "text/plain"))).GetProperty("id").GetString()!;
        Assert.Equal("done", Status(await WaitForAsync(client, next, s => Status(s) is "done" or "failed")));
        Assert.Equal(2, (await client.GetStringAsync($"/api/v1/batches/{id}/results")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task ClassifierFailureAndMissingModelMarkTheBatchFailed()
    {
        await using (var failing = new BatchAppFactory(new FakeClassifier(failure: new InvalidOperationException("boom"))))
        {
            var client = failing.CreateClient();
            var id = (await CreateAsync(client, new StringContent("This row fails.\n", Encoding.UTF8, "text/plain"))).GetProperty("id").GetString()!;
            var failed = await WaitForAsync(client, id, s => Status(s) is "done" or "failed");
            Assert.Equal("failed", Status(failed));
            Assert.Equal("boom", failed.GetProperty("error").GetString());
        }
        await using var noModel = new BatchAppFactory(null);
        var c = noModel.CreateClient();
        var missing = (await CreateAsync(c, new StringContent("a\n", Encoding.UTF8, "text/plain"))).GetProperty("id").GetString()!;
        var status = await WaitForAsync(c, missing, s => Status(s) is "done" or "failed");
        Assert.Equal("failed", Status(status));
        Assert.Contains("not available", status.GetProperty("error").GetString());
    }

    [Fact]
    public async Task BatchesLeftByAPreviousProcessAreResumedFromTheirLastSavedChunkNotFailed()
    {
        var file = Path.Combine(Path.GetTempPath(), $"biasapp-batch-{Guid.NewGuid():N}.db");
        var running = Guid.NewGuid();
        var queued = Guid.NewGuid();
        await using (var services = KeyProvisioning.BuildServices($"Data Source={file}", Path.GetTempPath()))
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<BiasDbContext>();
            await AccountProvisioning.InitializeAsync(db, scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.RoleManager<Microsoft.AspNetCore.Identity.IdentityRole>>());
            // The previous process had scored row 0 and held a lease that has since expired; the queued batch never started.
            db.Batches.Add(new BatchJob
            {
                Id = running, OwnerId = BatchAppFactory.DefaultUser, Name = "old", Status = BatchStatus.Running, RowsTotal = 2, RowsDone = 1,
                CreatedAt = DateTime.UtcNow, LeaseOwner = "gone:1:x", LeaseExpiresAt = DateTime.UtcNow.AddSeconds(-1)
            });
            db.Batches.Add(new BatchJob { Id = queued, OwnerId = BatchAppFactory.DefaultUser, Name = "old2", Status = BatchStatus.Queued, RowsTotal = 1, CreatedAt = DateTime.UtcNow });
            db.BatchRows.Add(new BatchRow { BatchId = running, Index = 0, Text = "a", Flagged = false, MaxProbability = 0.123f, Sentences = "[]" });
            db.BatchRows.Add(new BatchRow { BatchId = running, Index = 1, Text = "b" });
            db.BatchRows.Add(new BatchRow { BatchId = queued, Index = 0, Text = "c" });
            await db.SaveChangesAsync();
        }
        SqliteConnection.ClearAllPools();

        await using var factory = new BatchAppFactory(new FakeClassifier(), file);
        var client = factory.CreateClient();

        foreach (var id in new[] { running, queued })
        {
            var status = await WaitForAsync(client, id.ToString(), s => Status(s) is "done" or "failed");
            Assert.Equal("done", Status(status));
        }
        var scores = (await client.GetStringAsync($"/api/v1/batches/{running}/results")).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("maxProbability").GetSingle()).ToArray();
        Assert.Equal(2, scores.Length);
        Assert.Equal(0.123f, scores[0]); // kept from the previous process, not scored again
        Assert.NotEqual(0.123f, scores[1]);
    }

    [Fact]
    public async Task RetentionTrimsOldFinishedBatches()
    {
        await using var factory = new BatchAppFactory(new FakeClassifier());
        var client = factory.CreateClient();
        var id = Guid.Parse((await CreateAsync(client, new StringContent("a\n", Encoding.UTF8, "text/plain"))).GetProperty("id").GetString()!);
        await WaitForAsync(client, id.ToString(), s => Status(s) == "done");

        using var scope = factory.Services.CreateScope();
        var batches = scope.ServiceProvider.GetRequiredService<BatchService>();
        Assert.Equal(0, await batches.TrimAsync(DateTime.UtcNow.AddDays(-1)));
        Assert.Equal(1, await batches.TrimAsync(DateTime.UtcNow.AddMinutes(1)));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/batches/{id}")).StatusCode);
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<BiasDbContext>().BatchRows.CountAsync(r => r.BatchId == id));
    }
}
