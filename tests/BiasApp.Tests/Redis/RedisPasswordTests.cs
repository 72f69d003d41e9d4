using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using BiasApp.Tests.ScaleOut;

namespace BiasApp.Tests.Redis;

/// <summary>The Redis image's entrypoint (deploy/redis-entrypoint.sh) run here: a password is required, and the app sends it.</summary>
public sealed class RedisPasswordTests
{
    private static readonly string Entrypoint = Path.Combine(ComposeFileTests.RepositoryRoot(), "deploy", "redis-entrypoint.sh");

    [Fact]
    public async Task TheRedisEntrypointRefusesToStartWithoutAPassword()
    {
        var start = new ProcessStartInfo(Entrypoint) { RedirectStandardError = true, RedirectStandardOutput = true };
        start.Environment.Remove("REDIS_PASSWORD");
        using var process = Process.Start(start)!;
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.NotEqual(0, process.ExitCode);
        Assert.Contains("set REDIS_PASSWORD", errors);
    }

    [RedisFact]
    public async Task ARedisStartedByTheEntrypointRefusesClientsWithoutThePasswordAndTheAppConnectsWithIt()
    {
        const string password = "a \"quoted\" \\ password";
        var port = FreePort();
        var start = new ProcessStartInfo(Entrypoint) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--port", port.ToString(), "--bind", "127.0.0.1" }) start.ArgumentList.Add(arg);
        start.Environment["REDIS_PASSWORD"] = password;
        using var redis = Process.Start(start)!;
        try
        {
            var address = $"127.0.0.1:{port}";
            await WaitForPortAsync(port);

            Assert.StartsWith("-NOAUTH", await SendAsync(port, "PING"));
            Assert.Equal("+PONG", await SendAsync(port, $"AUTH {RespString(password)}", "PING"));
            await using var app = new BiasAppFactory();
            // As compose writes it: redis:6379,password=${REDIS_PASSWORD}.
            app.Settings["Redis:Configuration"] = $"{address},password={password}";
            app.Settings["Redis:InstanceName"] = RedisServer.NewInstanceName();

            var health = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/health")).RootElement;

            Assert.Equal("Healthy", health.GetProperty("status").GetString());
            Assert.Equal("Healthy", health.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString());
        }
        finally
        {
            redis.Kill();
            await redis.WaitForExitAsync();
        }
    }

    /// <summary>Sends inline commands over a new connection and returns the last reply line.</summary>
    private static async Task<string> SendAsync(int port, params string[] commands)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        using var reader = new StreamReader(client.GetStream());
        var reply = "";
        foreach (var command in commands)
        {
            await client.GetStream().WriteAsync(System.Text.Encoding.UTF8.GetBytes(command + "\r\n"));
            reply = await reader.ReadLineAsync() ?? "";
        }
        return reply;
    }

    /// <summary>A double-quoted argument of an inline command, with its quotes and backslashes escaped.</summary>
    private static string RespString(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Task WaitForPortAsync(int port) => Eventually.HoldsAsync(async () =>
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }, TimeSpan.FromSeconds(5), $"Redis listens on {port}");
}
