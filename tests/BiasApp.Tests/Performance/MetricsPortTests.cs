using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microsoft.AspNetCore.Mvc.Testing;

namespace BiasApp.Tests.Performance;

/// <summary>Prometheus' <c>/metrics</c> lives on the <c>Metrics:Port</c> management port, never on the public one.</summary>
public sealed class MetricsPortTests
{
    [Fact]
    public async Task MetricsAreServedOnTheManagementPortWithTheCustomInstruments()
    {
        await using var app = StartKestrelApp();
        using var api = app.Public();
        for (var i = 0; i < 2; i++)
        {
            var analyzed = await api.PostAsJsonAsync("/api/v1/analyze", new { text = "Metrics are counted. Twice, the second time from the cache." });
            Assert.Equal(HttpStatusCode.OK, analyzed.StatusCode);
        }

        using var management = app.Management();
        // The exporter caches a scrape briefly; the instruments appear on the next one.
        var text = await Eventually.MatchesAsync(async () =>
        {
            var response = await management.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
            return await response.Content.ReadAsStringAsync();
        }, t => t.Contains("biasapp_cache_hits", StringComparison.Ordinal), TimeSpan.FromSeconds(5), "a scrape shows the cache instruments");
        foreach (var name in new[]
                 {
                     "biasapp_model_duration_seconds_bucket", "biasapp_sentences_classified", "biasapp_cache_hits", "biasapp_cache_misses",
                     "biasapp_inference_queue_length", "biasapp_inference_in_flight", "biasapp_process_working_set", "biasapp_gc_heap_size",
                     "http_server_request_duration_seconds",
                 })
        {
            Assert.Contains(name, text);
        }
    }

    [Fact]
    public async Task ThePublicPortAnswers404ForMetricsEvenWhenTheHostHeaderNamesTheManagementPort()
    {
        await using var app = StartKestrelApp();
        using var anonymous = app.Public(apiKey: null);

        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/metrics")).StatusCode);
        using var spoofed = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        spoofed.Headers.Host = $"127.0.0.1:{app.MetricsPort}";
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.SendAsync(spoofed)).StatusCode);
    }

    [Fact]
    public async Task TheManagementPortServesNothingButMetrics()
    {
        await using var app = StartKestrelApp();
        using var management = app.Management();

        foreach (var path in new[] { "/", "/account/login", "/api/v1/usage", "/openapi/v1.json", "/health" })
            Assert.Equal(HttpStatusCode.NotFound, (await management.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task WithoutAMetricsPortThereIsNoMetricsEndpoint()
    {
        await using var factory = new BiasAppFactory();

        Assert.Equal(HttpStatusCode.NotFound, (await factory.CreateClient().GetAsync("/metrics")).StatusCode);
    }

    private static KestrelApp StartKestrelApp()
    {
        var (publicPort, metricsPort) = FreePorts();
        var factory = new BiasAppFactory();
        factory.Settings["Metrics:Port"] = metricsPort.ToString();
        // The test chooses the listeners, as a host's ASPNETCORE_HTTP_PORTS=8080 plus Metrics:Port would (HostingTests).
        factory.UseKestrel(options =>
        {
            options.Listen(IPAddress.Loopback, publicPort);
            options.Listen(IPAddress.Loopback, metricsPort);
        });
        factory.StartServer();
        return new KestrelApp(factory, publicPort, metricsPort);
    }

    /// <summary>Two free loopback ports, held together while chosen so that they differ.</summary>
    private static (int, int) FreePorts()
    {
        using var first = new TcpListener(IPAddress.Loopback, 0);
        using var second = new TcpListener(IPAddress.Loopback, 0);
        first.Start();
        second.Start();
        var ports = (((IPEndPoint)first.LocalEndpoint).Port, ((IPEndPoint)second.LocalEndpoint).Port);
        first.Stop();
        second.Stop();
        return ports;
    }

    private sealed class KestrelApp(BiasAppFactory factory, int publicPort, int metricsPort) : IAsyncDisposable
    {
        public int MetricsPort => metricsPort;

        /// <summary>
        /// A client of the public port, sending the analyst's key unless told otherwise. The analyst account exists either
        /// way, so pages are not redirected to the first-run form.
        /// </summary>
        public HttpClient Public(string? apiKey = "")
        {
            var analystKey = factory.AnalystKey;
            return Client(publicPort, apiKey == "" ? analystKey : apiKey);
        }

        public HttpClient Management() => Client(metricsPort, apiKey: null);

        private static HttpClient Client(int port, string? apiKey)
        {
            var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            if (apiKey is not null) client.DefaultRequestHeaders.Add(BiasApp.Data.ApiKeys.HeaderName, apiKey);
            return client;
        }

        public ValueTask DisposeAsync() => factory.DisposeAsync();
    }
}
