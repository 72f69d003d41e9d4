namespace BiasApp.Core.Reports;

/// <summary>The formats a report is written in.</summary>
public enum ReportFormat
{
    /// <summary>One self-contained HTML file (<see cref="HtmlReportWriter"/>).</summary>
    Html,

    /// <summary>A4 PDF (<see cref="PdfReportWriter"/>).</summary>
    Pdf,
}

/// <summary>Parsing and naming of <see cref="ReportFormat"/>: the request values <c>html</c> and <c>pdf</c>.</summary>
public static class ReportFormats
{
    /// <summary>Parses <c>html</c> or <c>pdf</c>, ignoring case; null or empty is <see cref="ReportFormat.Html"/>.</summary>
    public static bool TryParse(string? value, out ReportFormat format)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case null or "" or "html": format = ReportFormat.Html; return true;
            case "pdf": format = ReportFormat.Pdf; return true;
            default: format = ReportFormat.Html; return false;
        }
    }

    /// <summary>The file extension: <c>html</c> or <c>pdf</c>.</summary>
    public static string Extension(this ReportFormat format) => format == ReportFormat.Pdf ? "pdf" : "html";

    /// <summary>The media type: <c>application/pdf</c> or <c>text/html; charset=utf-8</c>.</summary>
    public static string ContentType(this ReportFormat format) => format == ReportFormat.Pdf ? "application/pdf" : "text/html; charset=utf-8";
}
