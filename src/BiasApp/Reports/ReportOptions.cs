using System.ComponentModel.DataAnnotations;

namespace BiasApp.Reports;

/// <summary>Configuration section <c>Reports</c>.</summary>
public sealed class ReportOptions
{
    public const string Section = "Reports";

    /// <summary>Most flagged sentences a report lists (the highest scores); the exports list them all. Default 200.</summary>
    [Range(1, 10_000)] public int MaxFlagged { get; set; } = 200;

    /// <summary>
    /// Most heatmaps a report computes for flagged sentences that have no explanation yet (the highest scores first); 0 makes
    /// none. Default 10.
    /// </summary>
    [Range(0, 200)] public int MaxExplained { get; set; } = 10;

    /// <summary>The PDF's regular TrueType font. Default DejaVu Sans from Debian's <c>fonts-dejavu-core</c>.</summary>
    public string? FontPath { get; set; } = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

    /// <summary>The PDF's bold TrueType font. Default DejaVu Sans Bold. Without both, PDFs use the built-in Helvetica (ASCII only).</summary>
    public string? BoldFontPath { get; set; } = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
}
