using System.ComponentModel.DataAnnotations;

namespace BiasApp.Core.Documents;

/// <summary>Configuration section <c>Documents</c>: the limits on an uploaded document.</summary>
public sealed class DocumentsOptions
{
    public const string Section = "Documents";

    /// <summary>Largest upload accepted, in bytes. Default 20 MB (20,971,520).</summary>
    [Range(1024, 1L << 31)] public long MaxUploadBytes { get; set; } = 20L * 1024 * 1024;

    /// <summary>Most characters of text a document may yield. Default 500,000 (100 dense A4 pages hold about 350,000).</summary>
    [Range(1000, 5_000_000)] public int MaxCharacters { get; set; } = 500_000;

    /// <summary>Most pages a PDF may have. Default 300.</summary>
    [Range(1, 10_000)] public int MaxPages { get; set; } = 300;

    /// <summary>
    /// Days an API document's stored analysis (for its report) is kept; 0 keeps them forever. Default 30, as batches.
    /// </summary>
    [Range(0, 3650)] public int RetentionDays { get; set; } = 30;
}
