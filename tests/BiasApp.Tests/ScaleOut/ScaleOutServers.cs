using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using BiasApp.Data;
using Npgsql;

namespace BiasApp.Tests.ScaleOut;

/// <summary>
/// The real PostgreSQL (and Redis) that the scale-out tests run on: <c>BIASAPP_TEST_POSTGRES</c> (an Npgsql connection string
/// for a role that may create databases; default the one <c>.ci/services</c> sets up) and <c>BIASAPP_TEST_REDIS</c>.
/// </summary>
internal static class ScaleOutServers
{
    public static string PostgresAdmin =>
        Environment.GetEnvironmentVariable("BIASAPP_TEST_POSTGRES") is { Length: > 0 } configured
            ? configured
            : "Host=127.0.0.1;Port=5432;Database=biasapp;Username=biasapp;Password=biasapp";

    public static string RedisConfiguration => BiasApp.Tests.Redis.RedisServer.Address;

    public static bool IsCi => BiasApp.Tests.Redis.RedisServer.IsCi;

    private static readonly Lazy<string?> PostgresProblem = new(() =>
    {
        try
        {
            using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PostgresAdmin) { Timeout = 3 }.ConnectionString);
            connection.Open();
            return null;
        }
        catch (Exception ex)
        {
            return $"PostgreSQL is not reachable ({ex.Message}); run .ci/services. Skipped on a developer machine, a failure under CI=true.";
        }
    });

    /// <summary>Why PostgreSQL tests cannot run here; null when they can.</summary>
    public static string? WhyNoPostgres => PostgresProblem.Value;

    /// <summary>Why Redis tests cannot run here; null when they can.</summary>
    public static string? WhyNoRedis => BiasApp.Tests.Redis.RedisServer.IsReachable ? null : BiasApp.Tests.Redis.RedisServer.MissingMessage;

    /// <summary>Creates an empty database of its own; dispose to drop it.</summary>
    public static async Task<TestDatabase> CreateDatabaseAsync()
    {
        var name = "biasapp_test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(PostgresAdmin))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        var connectionString = new NpgsqlConnectionStringBuilder(PostgresAdmin) { Database = name }.ConnectionString;
        return new TestDatabase(name, connectionString);
    }
}

/// <summary>A PostgreSQL database made for one test, dropped on dispose.</summary>
internal sealed class TestDatabase(string name, string connectionString) : IAsyncDisposable
{
    public string Name => name;
    public string ConnectionString => connectionString;
    public DatabaseSettings Settings => new(DatabaseProvider.PostgreSQL, connectionString);

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(ScaleOutServers.PostgresAdmin);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}

/// <summary>A test that needs PostgreSQL: skipped with the reason when it is absent, except under <c>CI=true</c>.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute([System.Runtime.CompilerServices.CallerMemberName] string test = "")
    {
        if (!ScaleOutServers.IsCi && ScaleOutServers.WhyNoPostgres is { } reason) (Skip, DisplayName) = SkipReasons.Name(test, reason);
    }
}

/// <summary>A test that needs PostgreSQL and Redis: skipped with the reason when either is absent, except under <c>CI=true</c>.</summary>
public sealed class PostgresAndRedisFactAttribute : FactAttribute
{
    public PostgresAndRedisFactAttribute([System.Runtime.CompilerServices.CallerMemberName] string test = "")
    {
        if (!ScaleOutServers.IsCi && (ScaleOutServers.WhyNoPostgres ?? ScaleOutServers.WhyNoRedis) is { } reason) (Skip, DisplayName) = SkipReasons.Name(test, reason);
    }
}

/// <summary>
/// One app replica: the app as built into this test's output (<c>dotnet BiasApp.dll</c>), a process of its own on a free
/// loopback port, with the given settings as environment variables. Its output goes to a log file, shown when it fails.
/// </summary>
internal sealed class AppReplica : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _log;

    private AppReplica(Process process, int port, string log)
    {
        _process = process;
        _log = log;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
    }

    public Uri BaseAddress { get; }
    public int ProcessId => _process.Id;
    public bool HasExited => _process.HasExited;

    public static async Task<AppReplica> StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        var port = FreePort();
        var log = Path.Combine(Path.GetTempPath(), $"biasapp-replica-{port}-{Guid.NewGuid():N}.log");
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            UseShellExecute = false,
        };
        // exec: the shell becomes the app, so the process id (and kill -9) is the app's own.
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"exec dotnet \"{Path.Combine(AppContext.BaseDirectory, "BiasApp.dll")}\" > \"{log}\" 2>&1");
        foreach (var name in new[] { "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "BIASAPP_URLS" })
            start.Environment.Remove(name);
        start.Environment["BIASAPP_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Health__MemoryThresholdMb"] = "100000";
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__")] = value;

        var replica = new AppReplica(Process.Start(start)!, port, log);
        await replica.WaitUntilReadyAsync(TimeSpan.FromSeconds(90));
        return replica;
    }

    public HttpClient CreateClient(string? apiKey = null, HttpMessageHandler? handler = null)
    {
        var client = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        client.BaseAddress = BaseAddress;
        client.Timeout = TimeSpan.FromSeconds(60);
        if (apiKey is not null) client.DefaultRequestHeaders.Add(ApiKeys.HeaderName, apiKey);
        return client;
    }

    /// <summary>Ends the process at once, as a crash would (SIGKILL): no shutdown code runs.</summary>
    public void KillHard()
    {
        if (_process.HasExited) return;
        Process.Start("kill", ["-9", _process.Id.ToString()])!.WaitForExit();
        _process.WaitForExit(10_000);
    }

    /// <summary>Sends a signal (<c>STOP</c>, <c>CONT</c>) to the process, as a stalled host or a debugger would.</summary>
    public void Signal(string name) => Process.Start("kill", [$"-{name}", _process.Id.ToString()])!.WaitForExit();

    public string Log => File.Exists(_log) ? File.ReadAllText(_log) : "";

    private async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The replica exited with {_process.ExitCode}:\n{Log}");
            try
            {
                if ((await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"The replica was not ready within {timeout}:\n{Log}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        if (File.Exists(_log)) File.Delete(_log);
    }
}

internal static class NpgsqlTimestampsInTests
{
    /// <summary>The app's Npgsql setting (see <c>NpgsqlTimestamps</c>), before this process's own Npgsql calls read it.</summary>
#pragma warning disable CA2255 // the switch must be set before this process's first Npgsql call
    [System.Runtime.CompilerServices.ModuleInitializer]
    internal static void UseLegacyTimestamps() => AppContext.SetSwitch("Npgsql.EnableLegacyTimestampBehavior", true);
#pragma warning restore CA2255
}
