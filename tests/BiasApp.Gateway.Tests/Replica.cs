using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace BiasApp.Gateway.Tests;

/// <summary>
/// A tiny stand-in for one BiasApp replica on a free loopback port: <c>/whoami</c> answers its name and the forwarded
/// headers it received, <c>/health/ready</c> answers 200 or 503 as <see cref="Ready"/> says (and counts the probes),
/// <c>POST /echo</c> and <c>/ws</c> echo the body and WebSocket messages prefixed with its name, and any other path
/// answers 200 with its name, as a replica serving <c>/metrics</c> would. Every path it receives is kept in <see cref="Paths"/>.
/// </summary>
internal sealed class Replica : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _probes;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _paths = new();

    private Replica(string name, WebApplication app)
    {
        Name = name;
        _app = app;
    }

    public string Name { get; }
    public string Address => _app.Urls.Single();
    public volatile bool Ready = true;
    public int Probes => Volatile.Read(ref _probes);
    public IReadOnlyCollection<string> Paths => _paths;

    public static async Task<Replica> StartAsync(string name)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var replica = new Replica(name, app);
        app.Use((context, next) =>
        {
            replica._paths.Enqueue(context.Request.Path.Value ?? "");
            return next(context);
        });
        app.UseWebSockets();
        app.MapGet("/health/ready", () =>
        {
            Interlocked.Increment(ref replica._probes);
            return replica.Ready ? Results.Ok() : Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        });
        app.MapGet("/whoami", (HttpRequest request) => new WhoAmI(
            name,
            request.Headers["X-Forwarded-For"].ToString(),
            request.Headers["X-Forwarded-Proto"].ToString(),
            request.Host.Value ?? ""));
        app.MapPost("/echo", async (HttpRequest request) => $"{name}:{await new StreamReader(request.Body).ReadToEndAsync()}");
        app.Map("/ws", async context =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var buffer = new byte[1024];
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer, context.RequestAborted);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, context.RequestAborted);
                    return;
                }
                var reply = Encoding.UTF8.GetBytes($"{name}:{Encoding.UTF8.GetString(buffer, 0, received.Count)}");
                await socket.SendAsync(reply, WebSocketMessageType.Text, endOfMessage: true, context.RequestAborted);
            }
        });
        app.MapFallback(() => name);
        await app.StartAsync();
        return replica;
    }

    public Task StopAsync() => _app.StopAsync();

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}

internal sealed record WhoAmI(string Name, string ForwardedFor, string ForwardedProto, string Host);
