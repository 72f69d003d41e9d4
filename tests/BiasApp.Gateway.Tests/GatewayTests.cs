using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;

namespace BiasApp.Gateway.Tests;

public sealed class GatewayTests : IAsyncLifetime
{
    private const string AffinityCookie = ".BiasApp.Affinity";
    private GatewayFixture _gateway = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _gateway = await GatewayFixture.StartAsync();
        _client = _gateway.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _gateway.DisposeAsync();
    }

    [Fact]
    public async Task FirstAnswerSetsAnHttpOnlyAffinityCookie()
    {
        using var response = await _client.GetAsync("/whoami");

        response.EnsureSuccessStatusCode();
        var setCookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(AffinityCookie + "="));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", setCookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task RequestsWithTheAffinityCookieStayOnOneReplica()
    {
        var (first, cookie) = await WhoAmIAsync(cookie: null);

        for (var i = 0; i < 20; i++)
        {
            var (next, _) = await WhoAmIAsync(cookie);
            Assert.Equal(first.Name, next.Name);
        }
    }

    [Fact]
    public async Task RequestsWithoutACookieReachEveryReplica()
    {
        var names = new HashSet<string>();
        for (var i = 0; i < 40 && names.Count < 2; i++) names.Add((await WhoAmIAsync(cookie: null)).Answer.Name);

        Assert.Equal(["replica1", "replica2"], names.Order());
    }

    [Fact]
    public async Task AReplicaThatIsNotReadyLosesItsStickyClientsToAnother()
    {
        var (first, cookie) = await WhoAmIAsync(cookie: null);
        var pinned = _gateway[first.Name];

        pinned.Ready = false;
        var (moved, newCookie) = await WaitForOtherReplicaAsync(cookie, first.Name);

        Assert.True(pinned.Probes > 0, "the gateway probes /health/ready");
        Assert.NotEqual(first.Name, moved.Name);
        Assert.NotNull(newCookie);
        Assert.NotEqual(cookie, newCookie);
    }

    [Fact]
    public async Task WithEveryReplicaNotReadyRequestsStillReachTheReplicas()
    {
        foreach (var replica in _gateway.Replicas) replica.Ready = false;
        var before = _gateway.Replicas.Select(r => r.Probes).ToArray();
        // Enough failed probes for both to be marked unhealthy (threshold 2, every 100 ms in this fixture).
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (_gateway.Replicas.Select((r, i) => r.Probes - before[i]).Any(n => n < 3) && DateTime.UtcNow < deadline) await Task.Delay(50);

        using var response = await _client.GetAsync("/whoami");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task APostPinnedToAStoppedReplicaIsAnsweredByAnother()
    {
        var (first, cookie) = await WhoAmIAsync(cookie: null);
        await _gateway[first.Name].StopAsync();

        // No wait for the health checks: the refused connection is resent to the other replica at once, body and all.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/echo") { Content = new StringContent("the body") };
        request.Headers.Add("Cookie", cookie);
        using var response = await _client.SendAsync(request);
        var other = _gateway.Replicas.Single(r => r.Name != first.Name).Name;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"{other}:the body", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TheClientsOfAStoppedReplicaAreResentToOneReplicaEach()
    {
        // Three replicas and probes far apart: the resends, not the health checks, decide where the requests go.
        await using var gateway = await GatewayFixture.StartAsync(3, new Dictionary<string, string?>
        {
            [$"{GatewayExtensions.Section}:Clusters:app:HealthCheck:Active:Interval"] = "00:01:00",
        });
        using var client = gateway.CreateClient();
        using var first = await client.GetAsync("/whoami");
        var pinned = (await first.Content.ReadFromJsonAsync<WhoAmI>())!.Name;
        var cookie = first.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(AffinityCookie + "=")).Split(';')[0];
        await gateway[pinned].StopAsync();

        var names = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/whoami");
            request.Headers.Add("Cookie", cookie);
            using var response = await client.SendAsync(request);
            names.Add((await response.Content.ReadFromJsonAsync<WhoAmI>())!.Name);
        }

        Assert.DoesNotContain(pinned, names);
        Assert.Single(names.Distinct());
    }

    [Fact]
    public async Task TheClientsOfAStoppedReplicaArePinnedToAnotherOnceTheHealthChecksNotice()
    {
        var (first, cookie) = await WhoAmIAsync(cookie: null);
        await _gateway[first.Name].StopAsync();

        var (moved, newCookie) = await WaitForNewCookieAsync(cookie);

        Assert.NotEqual(first.Name, moved.Name);
        for (var i = 0; i < 5; i++) Assert.Equal(moved.Name, (await WhoAmIAsync(newCookie)).Answer.Name);
    }

    [Fact]
    public async Task WithEveryReplicaStoppedTheGatewayAnswers502()
    {
        foreach (var replica in _gateway.Replicas) await replica.StopAsync();

        using var response = await _client.GetAsync("/whoami");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
    }

    [Fact]
    public async Task ReplicasSeeTheClientAddressSchemeAndHostNotTheGateways()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/whoami");
        // A client cannot make the replicas believe another address: the gateway sets the header, it does not append.
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");
        using var response = await _client.SendAsync(request);
        var answer = await response.Content.ReadFromJsonAsync<WhoAmI>();

        Assert.NotNull(answer);
        Assert.Equal("127.0.0.1", answer.ForwardedFor);
        Assert.Equal("http", answer.ForwardedProto);
        Assert.Equal(_gateway.Address.Authority, answer.Host);
    }

    [Theory]
    [InlineData("/metrics")]
    [InlineData("/metrics/")]
    [InlineData("/METRICS")]
    [InlineData("/%6Detrics")]
    [InlineData("/metrics?name=biasapp_cache_hits")]
    [InlineData("/metrics/anything")]
    public async Task MetricsIsAnswered404AndNeverForwarded(string path)
    {
        using var response = await _client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain(_gateway.Replicas.SelectMany(r => r.Paths), p => p.Contains("etrics", StringComparison.OrdinalIgnoreCase));
        // A path that only begins with the same letters is the app's, and is forwarded.
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/metricsfoo")).StatusCode);
    }

    [Fact]
    public async Task PathsConfiguredAsInternalAreAnswered404AndNeverForwarded()
    {
        await using var gateway = await GatewayFixture.StartAsync(1, new Dictionary<string, string?>
        {
            [$"{GatewayOptions.Section}:InternalPaths:0"] = "/internal",
        });
        using var client = gateway.CreateClient();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/internal")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/Internal/status")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/metrics")).StatusCode);
        Assert.DoesNotContain(gateway.Replicas.Single().Paths, p => p.Contains("internal", StringComparison.OrdinalIgnoreCase) || p.Contains("metrics"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/whoami")).StatusCode);
    }

    [Fact]
    public async Task AnInternalPathThatIsNotAPathStopsTheGatewayAtStart()
    {
        var failure = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => GatewayFixture.StartAsync(1,
            new Dictionary<string, string?> { [$"{GatewayOptions.Section}:InternalPaths:0"] = "internal" }));

        Assert.Contains("Gateway:InternalPaths", failure.Message);
    }

    [Fact]
    public async Task BehindAKnownProxyTheReplicasSeeTheClientAddressAndSchemeThatProxyForwarded()
    {
        await using var gateway = await GatewayFixture.StartAsync(1, new Dictionary<string, string?>
        {
            [$"{TrustedProxyOptions.Section}:KnownProxies:0"] = "127.0.0.1",
        });
        using var client = gateway.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/whoami");
        // As a TLS-ending proxy on this host would send it.
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");
        request.Headers.Add("X-Forwarded-Proto", "https");
        using var response = await client.SendAsync(request);
        var answer = await response.Content.ReadFromJsonAsync<WhoAmI>();

        Assert.NotNull(answer);
        Assert.Equal("203.0.113.9", answer.ForwardedFor);
        Assert.Equal("https", answer.ForwardedProto);
    }

    [Fact]
    public async Task WebSocketsPassThroughToTheStickyReplica()
    {
        var (first, cookie) = await WhoAmIAsync(cookie: null);
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Cookie", cookie);
        var uri = new UriBuilder(_gateway.Address) { Scheme = "ws", Path = "/ws" }.Uri;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        await socket.ConnectAsync(uri, timeout.Token);
        var replies = new List<string>();
        foreach (var message in new[] { "one", "two" })
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
            var buffer = new byte[256];
            var received = await socket.ReceiveAsync(buffer, timeout.Token);
            replies.Add(Encoding.UTF8.GetString(buffer, 0, received.Count));
        }
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);

        Assert.Equal([$"{first.Name}:one", $"{first.Name}:two"], replies);
    }

    /// <summary>GET /whoami with the given affinity cookie ("name=value") or none; returns the answer and the cookie to send next.</summary>
    private async Task<(WhoAmI Answer, string Cookie)> WhoAmIAsync(string? cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/whoami");
        if (cookie is not null) request.Headers.Add("Cookie", cookie);
        using var response = await _client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var answer = await response.Content.ReadFromJsonAsync<WhoAmI>() ?? throw new InvalidOperationException("empty answer");
        var set = response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.FirstOrDefault(v => v.StartsWith(AffinityCookie + "="))
            : null;
        return (answer, set?.Split(';')[0] ?? cookie ?? throw new InvalidOperationException("no affinity cookie"));
    }

    /// <summary>Repeats a pinned request until the gateway answers it with a new affinity cookie.</summary>
    private async Task<(WhoAmI Answer, string Cookie)> WaitForNewCookieAsync(string cookie)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            var (answer, next) = await WhoAmIAsync(cookie);
            if (next != cookie) return (answer, next);
            await Task.Delay(50);
        }
        throw new TimeoutException("no new affinity cookie after 10 s");
    }

    /// <summary>Repeats a pinned request until another replica answers it (the health checks take a few probes).</summary>
    private async Task<(WhoAmI Answer, string Cookie)> WaitForOtherReplicaAsync(string cookie, string pinned)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/whoami");
            request.Headers.Add("Cookie", cookie);
            using var response = await _client.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var answer = await response.Content.ReadFromJsonAsync<WhoAmI>();
                if (answer is not null && answer.Name != pinned)
                {
                    var set = response.Headers.TryGetValues("Set-Cookie", out var values)
                        ? values.FirstOrDefault(v => v.StartsWith(AffinityCookie + "="))?.Split(';')[0]
                        : null;
                    return (answer, set ?? cookie);
                }
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"requests pinned to {pinned} still reach it after 10 s");
    }
}
