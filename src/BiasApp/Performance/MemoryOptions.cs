using System.ComponentModel.DataAnnotations;
using BiasApp.Core.Inference;

namespace BiasApp.Performance;

/// <summary>Configuration section <c>Memory</c>: handing memory back after work (see <see cref="MemoryTrimmer"/>).</summary>
public sealed class MemoryOptions
{
    public const string Section = "Memory";

    /// <summary>Hand memory back to the operating system once the app is idle after work. Default true.</summary>
    public bool TrimWhenIdle { get; set; } = true;

    /// <summary>Seconds without model runs after which the app counts as idle. Default 10.</summary>
    [Range(1, 3600)] public int IdleSeconds { get; set; } = 10;

    /// <summary>
    /// Managed bytes allocated since the last trim, in MB, that call for a trim even without model runs (a large
    /// upload, an export, start-up itself). Default 32.
    /// </summary>
    [Range(1, 100_000)] public int AllocatedMbToTrim { get; set; } = 32;

    /// <summary>
    /// Managed MB allocated within one 2-second check above which the app counts as busy (not idle) even without model
    /// runs: page renders, rule-based analyses, uploads and exports. Default 4; an idle server allocates far less.
    /// </summary>
    [Range(1, 100_000)] public int BusyAllocatedMbPerTick { get; set; } = 4;

    /// <summary>
    /// Also hand back the clean pages of read-only mapped files (assemblies, native libraries, the model file) when
    /// trimming (Linux; see <see cref="MappedFiles"/>): they return from the page cache or the disk when next used. Default true.
    /// </summary>
    public bool PageOutMappedFiles { get; set; } = true;
}
