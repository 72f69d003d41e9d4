using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace BiasApp.Gateway;

/// <summary>
/// Sends a request to another replica when the chosen one refused the connection (it died or is restarting). Nothing of
/// the request reached the refusing replica, so resending is safe for any method, POST included; a request that did reach
/// a replica is never resent. Without this, every request sent to a dead replica in the seconds before the health checks
/// notice gets a 502; with it, only the requests that replica was serving when it died fail. The client's affinity cookie
/// is left as it is: once the health checks mark the replica down, YARP's affinity failure policy re-pins the client.
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
            var candidates = proxy.AllDestinations.Where(d => !refused.Contains(d)).ToList();
            if (candidates.Any(IsHealthy)) candidates = candidates.Where(IsHealthy).ToList();
            if (candidates.Count == 0) return;

            // One client is always resent to the same replica (chosen by its affinity cookie), so that a Blazor page's
            // negotiate request and the WebSocket that follows meet in one process until the health checks re-pin it.
            var client = context.Request.Cookies[proxy.Cluster.Config.SessionAffinity?.AffinityKeyName ?? ""]
                ?? context.Connection.RemoteIpAddress?.ToString() ?? "";
            var other = candidates.OrderBy(d => d.DestinationId, StringComparer.Ordinal)
                .ElementAt((int)((uint)client.GetHashCode() % (uint)candidates.Count));

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
