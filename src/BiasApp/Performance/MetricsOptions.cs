using System.ComponentModel.DataAnnotations;

namespace BiasApp.Performance;

/// <summary>
/// Configuration section <c>Metrics</c>: where Prometheus scrapes <c>/metrics</c>. The scrape endpoint is never served on
/// the app's public addresses: with <see cref="Port"/> set the app also listens on that port and answers <c>/metrics</c>
/// there (and nothing else); unset (the default outside the container) there is no <c>/metrics</c> at all.
/// </summary>
public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    /// <summary>The management port that serves <c>/metrics</c>. Default unset (no metrics endpoint); 9090 in the container image.</summary>
    [Range(1, 65535)] public int? Port { get; set; }

    /// <summary>The configured port, read straight from configuration while the host is being built (before options exist).</summary>
    internal static int? PortFrom(IConfiguration configuration) =>
        int.TryParse(configuration[$"{Section}:{nameof(Port)}"], out var port) && port is > 0 and <= 65535 ? port : null;
}
