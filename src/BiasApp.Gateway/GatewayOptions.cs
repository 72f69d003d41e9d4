using System.ComponentModel.DataAnnotations;

namespace BiasApp.Gateway;

/// <summary>Configuration section <c>Gateway</c>: what the gateway itself answers instead of forwarding.</summary>
public sealed class GatewayOptions : IValidatableObject
{
    public const string Section = "Gateway";

    /// <summary>
    /// Paths the replicas serve for operators only, answered 404 here whatever else is configured: Prometheus'
    /// <c>/metrics</c> (the replicas serve it on their management port, which the gateway never reaches, but a replica
    /// configured otherwise must not leak it).
    /// </summary>
    public static readonly IReadOnlyList<string> BuiltInInternalPaths = ["/metrics"];

    /// <summary>
    /// More paths answered 404 instead of being forwarded, each with everything below it (<c>/internal</c> also covers
    /// <c>/internal/x</c>), compared case-insensitively. Default none beyond <see cref="BuiltInInternalPaths"/>.
    /// </summary>
    public string[] InternalPaths { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var path in InternalPaths.Where(p => !p.StartsWith('/') || p.Length < 2))
            yield return new ValidationResult($"Gateway:InternalPaths: '{path}' is not a path below '/' (e.g. /internal).", [nameof(InternalPaths)]);
    }
}
