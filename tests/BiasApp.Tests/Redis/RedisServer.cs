using Microsoft.Data.Sqlite;
using StackExchange.Redis;

namespace BiasApp.Tests.Redis;

/// <summary>
/// The real Redis the scale-out tests use: env <c>BIASAPP_TEST_REDIS</c> (default <c>127.0.0.1:6379</c>; <c>.ci/services</c>
/// starts one there). Each test writes under its own <c>Redis:InstanceName</c> made of this run's id and a counter, and
/// deletes its keys afterwards, so runs and tests never see each other's counts or cache entries.
/// </summary>
public static class RedisServer
{
    private static readonly Lazy<string?> ProbeProblem = new(Probe);
    private static int _instances;

    public static string Address => Environment.GetEnvironmentVariable("BIASAPP_TEST_REDIS") is { Length: > 0 } address ? address : "127.0.0.1:6379";

    /// <summary>Identifies this test run in every key it writes.</summary>
    public static string RunId { get; } = Guid.NewGuid().ToString("N")[..12];

    /// <summary>Under <c>CI=true</c> an unreachable Redis is a failure, not a skip.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static bool IsReachable => ProbeProblem.Value is null;

    public static string MissingMessage =>
        $"Redis is not reachable at {Address} ({ProbeProblem.Value}): start it with .ci/services or point BIASAPP_TEST_REDIS at one. " +
        "Redis tests are skipped on a developer machine and fail under CI=true.";

    /// <summary>Fails the test with <see cref="MissingMessage"/> when Redis is unreachable (only reached under CI, where nothing is skipped).</summary>
    public static void Require()
    {
        if (!IsReachable) throw new InvalidOperationException(MissingMessage);
    }

    /// <summary>A key prefix no other test and no other run uses.</summary>
    public static string NewInstanceName() => $"biasapp-test:{RunId}:{Interlocked.Increment(ref _instances)}:";

    /// <summary>Deletes every key written under <paramref name="instanceName"/> (cache entries and rate-limit windows).</summary>
    public static async Task DeleteKeysAsync(string instanceName)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(Address);
        foreach (var endpoint in connection.GetEndPoints())
        {
            var server = connection.GetServer(endpoint);
            var keys = new List<RedisKey>();
            await foreach (var key in server.KeysAsync(pattern: $"*{instanceName}*")) keys.Add(key);
            if (keys.Count > 0) await connection.GetDatabase().KeyDeleteAsync(keys.ToArray());
        }
    }

    private static string? Probe()
    {
        try
        {
            using var connection = ConnectionMultiplexer.Connect($"{Address},connectTimeout=2000,abortConnect=true");
            connection.GetDatabase().Ping();
            return null;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ArgumentException)
        {
            return ex.Message.Split([". ", "\n"], StringSplitOptions.None)[0];
        }
    }
}

/// <summary>
/// A test against the real Redis. Skipped, with the reason, when Redis is unreachable on a developer machine; under
/// <c>CI=true</c> it runs and fails instead (xunit 2 has no dynamic skip, so the check happens at discovery).
/// </summary>
public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute([System.Runtime.CompilerServices.CallerMemberName] string test = "")
    {
        if (!RedisServer.IsReachable && !RedisServer.IsCi) (Skip, DisplayName) = ScaleOut.SkipReasons.Name(test, RedisServer.MissingMessage);
    }
}

/// <summary>
/// Two app hosts on one Redis (<c>Redis:Configuration</c>, same instance name), each over its own SQLite file. The files hold
/// the same analyst: B's starts as a copy of A's, as replicas would share one database. Deletes its Redis keys on dispose.
/// </summary>
public sealed class TwoHosts : IAsyncDisposable
{
    private TwoHosts(BiasAppFactory a, BiasAppFactory b, string instanceName, string key)
    {
        A = a;
        B = b;
        InstanceName = instanceName;
        Key = key;
    }

    public BiasAppFactory A { get; }
    public BiasAppFactory B { get; }
    public string InstanceName { get; }

    /// <summary>The analyst's API key, valid on both hosts.</summary>
    public string Key { get; }

    public static TwoHosts Create(Action<Dictionary<string, string?>>? settings = null)
    {
        RedisServer.Require();
        var instanceName = RedisServer.NewInstanceName();
        var a = new BiasAppFactory();
        var b = new BiasAppFactory();
        foreach (var factory in new[] { a, b })
        {
            factory.Settings["Redis:Configuration"] = RedisServer.Address;
            factory.Settings["Redis:InstanceName"] = instanceName;
            settings?.Invoke(factory.Settings);
        }
        var key = a.AnalystKey;
        SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(a.DatabasePath)!, Path.GetFileName(a.DatabasePath) + "*"))
            File.Copy(file, Path.Combine(Path.GetDirectoryName(b.DatabasePath)!, Path.GetFileName(file)));
        return new TwoHosts(a, b, instanceName, key);
    }

    public async ValueTask DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        await RedisServer.DeleteKeysAsync(InstanceName);
    }
}
