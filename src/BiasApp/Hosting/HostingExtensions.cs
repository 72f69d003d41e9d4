using System.Net;
using System.Reflection;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;

namespace BiasApp.Hosting;

/// <summary>
/// Where the app listens, which proxies it believes about the client, and how it ends when it cannot listen. The addresses are, first found: <c>--urls</c> or
/// <c>ASPNETCORE_URLS</c>; <c>BIASAPP_URLS</c>; <c>ASPNETCORE_HTTP_PORTS</c>/<c>ASPNETCORE_HTTPS_PORTS</c> (the container);
/// <c>http://localhost:5080</c>. The default is set here rather than in launchSettings.json, whose <c>applicationUrl</c>
/// would override <c>ASPNETCORE_URLS</c> under <c>dotnet run</c>. With <c>Metrics:Port</c> set, that port is added to
/// whichever of these applies (see <see cref="ChooseAddresses"/>).
/// </summary>
public static partial class HostingExtensions
{
    public const string DefaultUrls = "http://localhost:5080";
    public const string UrlsVariable = "BIASAPP_URLS";

    /// <summary>
    /// The addresses (below), the trusted proxies' forwarded headers (<see cref="TrustedProxyOptions"/>) and the cookies'
    /// <c>Secure</c> flag (<see cref="SecurityOptions"/>): every cookie the app sets for sign-in or forms is <c>Secure</c>
    /// on HTTPS requests, or always with <c>Security:HttpsOnly</c>.
    /// </summary>
    public static WebApplicationBuilder AddHosting(this WebApplicationBuilder builder)
    {
        var (urls, httpPorts) = ChooseAddresses(builder.Configuration);
        if (urls is not null) builder.WebHost.UseUrls(urls);
        if (httpPorts is not null) builder.WebHost.UseSetting(WebHostDefaults.HttpPortsKey, httpPorts);

        builder.Services.AddOptions<TrustedProxyOptions>().BindConfiguration(TrustedProxyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<TrustedProxyOptions>>((forwarded, proxies) => proxies.Value.ApplyTo(forwarded));
        builder.Services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // Post-configured, so that it holds whatever the Identity and antiforgery set-up configure; for every cookie scheme.
        builder.Services.AddSingleton<IPostConfigureOptions<CookieAuthenticationOptions>>(services =>
            new PostConfigureOptions<CookieAuthenticationOptions, IOptions<SecurityOptions>>(name: null,
                services.GetRequiredService<IOptions<SecurityOptions>>(), (cookie, security) => cookie.Cookie.SecurePolicy = security.Value.CookiePolicy));
        builder.Services.AddOptions<AntiforgeryOptions>().PostConfigure<IOptions<SecurityOptions>>((antiforgery, security) =>
            antiforgery.Cookie.SecurePolicy = security.Value.CookiePolicy);
        return builder;
    }

    /// <summary>
    /// Takes the client address and scheme from a trusted proxy's <c>X-Forwarded-For</c>/<c>-Proto</c>, before everything
    /// that looks at them (cookies, redirects, logs). With <c>Security:HttpsOnly</c>, a request that is not HTTPS even so is
    /// refused with 400, except the health checks that proxies and orchestrators send over plain HTTP: the sign-in cookie
    /// would not come back over it, and forms could not be checked (the antiforgery cookie is then HTTPS-only too).
    /// </summary>
    public static WebApplication UseForwardedHttps(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (app.Services.GetRequiredService<IOptions<SecurityOptions>>().Value.HttpsOnly)
        {
            app.UseWhen(context => !context.Request.IsHttps && !context.Request.Path.StartsWithSegments("/health"), refuse => refuse.Run(context =>
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                context.Response.ContentType = "text/plain; charset=utf-8";
                return context.Response.WriteAsync("This site is served over HTTPS only.");
            }));
        }
        return app;
    }

    /// <summary>
    /// The addresses to set: <c>urls</c> or <c>http_ports</c> (at most one of them), or neither when the standard settings
    /// stand as they are. <c>Metrics:Port</c> joins the list the addresses come from: a <c>http_ports</c> list (the container:
    /// <c>8080;9090</c>, every interface) or a URL on the same host as the first public one (<c>http://localhost:9090</c>
    /// beside the default <c>http://localhost:5080</c>). Kestrel endpoints from configuration are left alone: list the
    /// metrics port there too.
    /// </summary>
    internal static (string? Urls, string? HttpPorts) ChooseAddresses(IConfiguration configuration)
    {
        var urls = ChooseUrls(configuration);
        if (Performance.MetricsOptions.PortFrom(configuration) is not { } port || configuration.GetSection("Kestrel:Endpoints").Exists())
            return (urls, null);
        var given = urls ?? configuration["urls"];
        if (string.IsNullOrWhiteSpace(given))
        {
            var ports = Split(configuration["http_ports"]);
            return (null, string.Join(';', ports.Contains(port.ToString()) ? ports : [.. ports, port.ToString()]));
        }
        var addresses = Split(given);
        if (addresses.Any(a => TryParse(a)?.Port == port)) return (urls, null);
        var host = TryParse(addresses[0]) is { } first && (first.Host == "localhost" || IPAddress.TryParse(first.Host.Trim('[', ']'), out _))
            ? first.Host
            : "*";
        return (string.Join(';', [.. addresses, $"http://{host}:{port}"]), null);
    }

    private static string[] Split(string? list) =>
        (list ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static BindingAddress? TryParse(string address)
    {
        try
        {
            return BindingAddress.Parse(address);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>The addresses to set, or null when the standard ASP.NET settings already name them.</summary>
    internal static string? ChooseUrls(IConfiguration configuration)
    {
        if (!string.IsNullOrWhiteSpace(configuration["urls"])) return null;
        if (configuration[UrlsVariable] is { } ours && !string.IsNullOrWhiteSpace(ours)) return ours;
        if (!string.IsNullOrWhiteSpace(configuration["http_ports"]) || !string.IsNullOrWhiteSpace(configuration["https_ports"])) return null;
        if (configuration.GetSection("Kestrel:Endpoints").Exists()) return null;
        return DefaultUrls;
    }

    /// <summary>
    /// Runs the app until shutdown and returns the exit code. A listening port already in use ends it before any hosted
    /// service starts, with one line on standard error and exit code 1.
    /// </summary>
    public static async Task<int> RunAppAsync(this WebApplication app)
    {
        await using var _ = app;
        // Under WebApplicationFactory (another entry assembly) the test chooses the server and its endpoints.
        if (Assembly.GetEntryAssembly() == typeof(HostingExtensions).Assembly && FindPortInUse(app.Configuration) is { } port)
        {
            await Console.Error.WriteLineAsync(PortInUseMessage(port));
            return 1;
        }

        try
        {
            await app.StartAsync();
        }
        catch (Exception ex) when (IsAddressInUse(ex))
        {
            // The port was taken between the check above and Kestrel's bind. Kestrel starts after the hosted services, so
            // stop them: disposal alone cancels background services as if they had failed, which the host logs as crit.
            await app.StopAsync();
            await Console.Error.WriteLineAsync(PortInUseMessage(PortIn(ex.Message)));
            return 1;
        }
        await app.WaitForShutdownAsync();
        return 0;
    }

    internal static string PortInUseMessage(int? port) =>
        $"BiasApp cannot start: {(port is null ? "its address" : $"port {port}")} is already in use (set --urls or {UrlsVariable} to another port)";

    /// <summary>
    /// The first configured port that another process is listening on, found by binding to it as Kestrel would
    /// (address reuse on, as Kestrel has it, so connections in TIME_WAIT do not count). Null when all are free or when
    /// Kestrel endpoints come from configuration, which Kestrel then reports itself.
    /// </summary>
    internal static int? FindPortInUse(IConfiguration configuration)
    {
        if (configuration.GetSection("Kestrel:Endpoints").Exists()) return null;
        var urls = configuration["urls"];
        var addresses = !string.IsNullOrWhiteSpace(urls)
            ? Split(urls)
            : Ports(configuration["http_ports"], "http").Concat(Ports(configuration["https_ports"], "https"));
        foreach (var address in addresses)
        {
            if (TryParse(address) is not { } parsed || parsed.IsUnixPipe || parsed.IsNamedPipe || parsed.Port == 0) continue;
            if (Endpoints(parsed.Host, parsed.Port).Any(IsInUse)) return parsed.Port;
        }
        return null;
    }

    private static IEnumerable<string> Ports(string? ports, string scheme) => Split(ports).Select(p => $"{scheme}://*:{p}");

    /// <summary>What Kestrel binds for a URL host: both loopbacks for localhost, the address for an IP, else every address.</summary>
    private static IEnumerable<IPEndPoint> Endpoints(string host, int port)
    {
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
            return [new(IPAddress.Loopback, port), new(IPAddress.IPv6Loopback, port)];
        if (IPAddress.TryParse(host.Trim('[', ']'), out var ip)) return [new(ip, port)];
        return [Socket.OSSupportsIPv6 ? new(IPAddress.IPv6Any, port) : new(IPAddress.Any, port)];
    }

    private static bool IsInUse(IPEndPoint endpoint)
    {
        try
        {
            using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            if (endpoint.Address.Equals(IPAddress.IPv6Any)) socket.DualMode = true;
            // On Windows the option would let the bind share a port in use, so it is left off there.
            if (!OperatingSystem.IsWindows()) socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(endpoint);
            return false;
        }
        catch (SocketException ex)
        {
            // Other failures (no IPv6, an address not on this machine) are Kestrel's to report.
            return ex.SocketErrorCode == SocketError.AddressAlreadyInUse;
        }
    }

    private static bool IsAddressInUse(Exception? ex) => ex switch
    {
        null => false,
        AddressInUseException => true,
        SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsAddressInUse),
        _ => IsAddressInUse(ex.InnerException),
    };

    private static int? PortIn(string message) =>
        PortPattern().Match(message) is { Success: true } match ? int.Parse(match.Groups[1].Value) : null;

    [GeneratedRegex(@"://\S*?:(\d+)")]
    private static partial Regex PortPattern();
}
