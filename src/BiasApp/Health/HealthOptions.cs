using System.ComponentModel.DataAnnotations;

namespace BiasApp.Health;

/// <summary>Configuration section <c>Health</c>.</summary>
public sealed class HealthOptions
{
    public const string Section = "Health";

    /// <summary>Working set (RSS) above which <c>/health</c> is Degraded, in MB. Default 400 (80% of a 500 MB budget).</summary>
    [Range(1, 1_000_000)] public int MemoryThresholdMb { get; set; } = 400;
}
