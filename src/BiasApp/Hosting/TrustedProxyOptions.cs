using System.ComponentModel.DataAnnotations;
using System.Net;

namespace BiasApp.Hosting;

/// <summary>
/// Configuration section <c>ForwardedHeaders</c>: the reverse proxies (the gateway, nginx, a load balancer) whose
/// <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> the app believes. A request from one of them takes its client address
/// and scheme from those headers, so a request that reached the proxy over HTTPS counts as HTTPS here (and its cookies are
/// <c>Secure</c>). Loopback addresses are always trusted (a proxy on the same host or in the same container); from any other
/// address the headers are ignored unless it is listed.
/// </summary>
public sealed class TrustedProxyOptions : IValidatableObject
{
    public const string Section = "ForwardedHeaders";

    /// <summary>Proxy addresses, e.g. <c>10.0.0.5</c>. Default none (loopback only).</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR notation, e.g. <c>10.89.0.0/16</c>. Default none (loopback only).</summary>
    public string[] KnownNetworks { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var proxy in KnownProxies.Where(p => !IPAddress.TryParse(p, out _)))
            yield return new ValidationResult($"{Section}:{nameof(KnownProxies)}: '{proxy}' is not an IP address.", [nameof(KnownProxies)]);
        foreach (var network in KnownNetworks.Where(n => !IPNetwork.TryParse(n, out _)))
            yield return new ValidationResult($"{Section}:{nameof(KnownNetworks)}: '{network}' is not a network in CIDR notation (like 10.0.0.0/8).",
                [nameof(KnownNetworks)]);
    }

    /// <summary>Adds the listed proxies to the framework's loopback defaults and turns on X-Forwarded-For and X-Forwarded-Proto.</summary>
    internal void ApplyTo(ForwardedHeadersOptions options)
    {
        options.ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor
            | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto;
        foreach (var proxy in KnownProxies)
            if (IPAddress.TryParse(proxy, out var address)) options.KnownProxies.Add(address);
        foreach (var network in KnownNetworks)
            if (IPNetwork.TryParse(network, out var parsed)) options.KnownIPNetworks.Add(parsed);
    }
}
