using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace BiasApp.Gateway.Tests;

/// <summary>
/// The real gateway (its appsettings.json and <see cref="GatewayExtensions"/>) on a free loopback port in front of two (or
/// more) <see cref="Replica"/>s. Only the destinations and the health-check pace are overridden (and whatever a test passes),
/// so a test takes well under a second of waiting.
/// </summary>
internal sealed class GatewayFixture : IAsyncDisposable
{
    private readonly WebApplication _gateway;

    private GatewayFixture(WebApplication gateway, Replica[] replicas)
    {
        _gateway = gateway;
        Replicas = replicas;
    }

    public IReadOnlyList<Replica> Replicas { get; }
    public Uri Address => new(_gateway.Urls.Single());

    public Replica this[string name] => Replicas.Single(r => r.Name == name);

    public static async Task<GatewayFixture> StartAsync(int count = 2, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var replicas = new Replica[count];
        for (var i = 0; i < count; i++) replicas[i] = await Replica.StartAsync($"replica{i + 1}");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        const string cluster = $"{GatewayExtensions.Section}:Clusters:app";
        var configuration = new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            [$"{cluster}:HealthCheck:Active:Interval"] = "00:00:00.100",
            [$"{cluster}:HealthCheck:Active:Timeout"] = "00:00:01",
        };
        foreach (var replica in replicas) configuration[$"{cluster}:Destinations:{replica.Name}:Address"] = replica.Address;
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) configuration[key] = value;
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.AddGateway();
        var gateway = builder.Build();
        try
        {
            gateway.MapGateway();
            await gateway.StartAsync();
        }
        catch
        {
            await gateway.DisposeAsync();
            foreach (var replica in replicas) await replica.DisposeAsync();
            throw;
        }
        return new GatewayFixture(gateway, replicas);
    }

    /// <summary>A client that keeps no cookies, so each test decides which affinity cookie a request carries.</summary>
    public HttpClient CreateClient() => new(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = Address };

    public async ValueTask DisposeAsync()
    {
        await _gateway.DisposeAsync();
        foreach (var replica in Replicas) await replica.DisposeAsync();
    }
}
