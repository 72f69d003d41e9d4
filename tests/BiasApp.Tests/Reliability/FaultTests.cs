using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BiasApp.Batches;
using BiasApp.Tests.Batches;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace BiasApp.Tests.Reliability;

/// <summary>A corrupt model file, a locked database and a failing export disk: clear answers, no crash, recovery, nothing lost.</summary>
public sealed class FaultTests
{
    [Fact]
    public async Task CorruptModelFileFallsBackToRulesMode()
    {
        var folder = Path.Combine(Path.GetTempPath(), "biasapp-corrupt-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            foreach (var file in Directory.GetFiles(CommittedModelFolder())) File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
            await File.WriteAllBytesAsync(Path.Combine(folder, "model.onnx"), Encoding.ASCII.GetBytes("this is not an ONNX model \0\x01\x02 garbage"));

            await using var factory = new BiasAppFactory();
            await using var corrupt = factory.WithWebHostBuilder(builder => builder.UseSetting("Model:Path", folder));
            var client = corrupt.CreateClient(); // sends the analyst's key, like the parent factory's clients

            var response = await client.AnalyzeAsync();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("rules", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("mode").GetString());
            var health = await client.GetFromJsonAsync<JsonElement>("/health");
            Assert.False(health.GetProperty("modelLoaded").GetBoolean());
            Assert.Equal("rules", health.GetProperty("mode").GetString());
            Assert.False(string.IsNullOrEmpty(health.GetProperty("error").GetString()));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task LockedDatabaseAnswers503ProblemDetailsAndRecoversWhenReleased()
    {
        await using var factory = new BiasAppFactory();
        _ = factory.AnalystKey;
        // A short busy timeout so the lock is noticed in a second rather than the default 30.
        await using var app = factory.WithWebHostBuilder(builder => builder.UseSetting("ConnectionStrings:Default", factory.ConnectionString + ";Default Timeout=1"));
        var client = app.CreateClient(); // sends the analyst's key, like the parent factory's clients
        Assert.Equal(HttpStatusCode.OK, (await client.AnalyzeAsync()).StatusCode);

        var refused = 0;
        await using (var locker = new SqliteConnection(factory.ConnectionString + ";Pooling=False"))
        {
            await locker.OpenAsync();
            await using (var begin = locker.CreateCommand())
            {
                begin.CommandText = "BEGIN EXCLUSIVE;";
                await begin.ExecuteNonQueryAsync();
            }
            for (var i = 0; i < 3; i++)
            {
                var response = await client.AnalyzeAsync();
                Assert.True(response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.OK, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                if (response.StatusCode != HttpStatusCode.ServiceUnavailable) continue;
                refused++;
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                Assert.True(response.Headers.RetryAfter is not null);
                var body = await response.Content.ReadAsStringAsync();
                Assert.Contains("Storage unavailable", body);
                Assert.DoesNotContain("SqliteException", body);
            }
            // The process is alive and answers what needs no database.
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
            await using var rollback = locker.CreateCommand();
            rollback.CommandText = "ROLLBACK;";
            await rollback.ExecuteNonQueryAsync();
        }
        Assert.True(refused > 0, "the exclusive lock never reached a request");

        var ok = await client.AnalyzeAsync();
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var usage = await client.GetFromJsonAsync<JsonElement>("/api/v1/usage");
        // Answered analyses: the one before the lock, the ones answered during it, and the one after.
        Assert.Equal(2 + (3 - refused), usage.GetProperty("today").GetProperty("requests").GetInt32());
    }

    [Fact]
    public async Task ExportToAFullDiskFailsClearlyAndLosesNothing()
    {
        await using var factory = new BatchAppFactory(new FakeClassifier());
        var client = factory.CreateClient();
        var lines = string.Join("\n", Enumerable.Range(0, 50).Select(i => $"All nurses are women number {i}."));
        var created = await client.PostAsync("/api/v1/batches", new StringContent(lines, Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var id = Guid.Parse((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
        await Eventually.HoldsAsync(
            async () => (await client.GetFromJsonAsync<JsonElement>($"/api/v1/batches/{id}")).GetProperty("status").GetString() == "done",
            TimeSpan.FromSeconds(15), "the batch is done");

        using (var scope = factory.Services.CreateScope())
        {
            var batches = scope.ServiceProvider.GetRequiredService<BatchService>();
            foreach (var write in new Func<Stream, Task>[]
            {
                disk => BatchExport.WriteCsvAsync(disk, batches.StreamResultsAsync(id), CancellationToken.None),
                disk => BatchExport.WriteNdjsonAsync(disk, batches.StreamResultsAsync(id), CancellationToken.None),
            })
            {
                await using var full = new FullDiskStream(capacity: 512);
                var error = await Assert.ThrowsAsync<IOException>(() => write(full));
                Assert.Contains("No space left on device", error.Message);
            }
        }

        // Nothing lost: the batch and every row are still there, and a second export is complete.
        var status = await client.GetFromJsonAsync<JsonElement>($"/api/v1/batches/{id}");
        Assert.Equal("done", status.GetProperty("status").GetString());
        var rows = (await client.GetStringAsync($"/api/v1/batches/{id}/results")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(50, rows.Length);
    }

    private static string CommittedModelFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "models", "stereotype-minilm");
            if (File.Exists(Path.Combine(candidate, "vocab.txt"))) return candidate;
        }
        throw new DirectoryNotFoundException("models/stereotype-minilm not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Accepts <c>capacity</c> bytes, then fails every write as a full disk does (ENOSPC).</summary>
    private sealed class FullDiskStream(int capacity) : Stream
    {
        private long _written;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _written;
        public override long Position { get => _written; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count)
        {
            if (_written + count > capacity) throw new IOException("No space left on device");
            _written += count;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer, offset, count);
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.ToArray(), 0, buffer.Length);
            return ValueTask.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
