using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace BiasApp.Gateway;

/// <summary>
/// Sends a request to another replica when the chosen one refused the connection (it died or is restarting). Nothing of
/// the request reached the refusing replica, so resending is safe for any method, POST included; a request that did reach
/// a replica is never resent. Without this, every request sent to a dead replica in the seconds before the health checks
/// notice gets a 502; with it, only the requests that replica was serving when it died fail.
/// </summary>
internal static class ConnectFailover
{
    public static async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        var proxy = context.GetReverseProxyFeature();
        List<DestinationState>? refused = null;
        while (true)
        {
            await next();
            if (context.Response.HasStarted || !IsConnectionRefused(context.GetForwarderErrorFeature()) || proxy.ProxiedDestination is null) return;

            (refused ??= []).Add(proxy.ProxiedDestination);
            var other = proxy.AllDestinations
                .Where(d => !refused.Contains(d))
                .OrderBy(d => IsHealthy(d) ? 0 : 1)
                .ThenBy(d => d.ConcurrentRequestCount)
                .FirstOrDefault();
            if (other is null) return;

            proxy.AvailableDestinations = [other];
            context.Features.Set<IForwarderErrorFeature>(null);
            context.Response.Clear();
        }
    }

    private static bool IsConnectionRefused(IForwarderErrorFeature? error) =>
        error is { Error: ForwarderError.Request, Exception: HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } };

    private static bool IsHealthy(DestinationState destination) =>
        destination.Health.Active != DestinationHealth.Unhealthy && destination.Health.Passive != DestinationHealth.Unhealthy;
}
