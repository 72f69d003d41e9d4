using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace BiasApp.Gateway;

/// <summary>
/// Configuration section <c>ForwardedHeaders</c>, for a gateway behind another reverse proxy (one that ends TLS, say): the
/// proxies whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> the gateway believes, so that the headers it sets for
/// the replicas carry the client's address and scheme rather than that proxy's. Default none: the gateway is the edge and
/// believes no one, loopback included.
/// </summary>
public sealed class TrustedProxyOptions : IValidatableObject
{
    public const string Section = "ForwardedHeaders";

    /// <summary>Proxy addresses, e.g. <c>10.0.0.5</c>.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR notation, e.g. <c>10.89.0.0/16</c>.</summary>
    public string[] KnownNetworks { get; set; } = [];

    public bool IsConfigured => KnownProxies.Length > 0 || KnownNetworks.Length > 0;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var proxy in KnownProxies.Where(p => !IPAddress.TryParse(p, out _)))
            yield return new ValidationResult($"{Section}:{nameof(KnownProxies)}: '{proxy}' is not an IP address.", [nameof(KnownProxies)]);
        foreach (var network in KnownNetworks.Where(n => !System.Net.IPNetwork.TryParse(n, out _)))
            yield return new ValidationResult($"{Section}:{nameof(KnownNetworks)}: '{network}' is not a network in CIDR notation (like 10.0.0.0/8).",
                [nameof(KnownNetworks)]);
    }

    /// <summary>Exactly the listed proxies (the framework's loopback defaults removed), for X-Forwarded-For and -Proto.</summary>
    internal void ApplyTo(ForwardedHeadersOptions options)
    {
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in KnownProxies)
            if (IPAddress.TryParse(proxy, out var address)) options.KnownProxies.Add(address);
        foreach (var network in KnownNetworks)
            if (System.Net.IPNetwork.TryParse(network, out var parsed)) options.KnownIPNetworks.Add(parsed);
    }
}
