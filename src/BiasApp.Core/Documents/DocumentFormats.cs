namespace BiasApp.Core.Documents;

/// <summary>The document formats that can be analysed, named by their usual file extension.</summary>
public static class DocumentFormats
{
    public const string Docx = "docx";
    public const string Pdf = "pdf";
    public const string Text = "txt";
    public const string Markdown = "md";
    public const string Html = "html";

    /// <summary>Every format, in the order the page and errors list them.</summary>
    public static readonly IReadOnlyList<string> All = [Docx, Pdf, Text, Markdown, Html];

    /// <summary>The file extensions accepted, with their dot, for a file picker.</summary>
    public static readonly IReadOnlyList<string> Extensions = [".docx", ".pdf", ".txt", ".md", ".markdown", ".html", ".htm"];

    /// <summary>
    /// The format of a file named <paramref name="fileName"/>, from its extension, else from <paramref name="contentType"/>;
    /// null when neither names a supported format.
    /// </summary>
    public static string? Detect(string? fileName, string? contentType)
    {
        var extension = Path.GetExtension(fileName ?? "").ToLowerInvariant();
        var fromName = extension switch
        {
            ".docx" => Docx,
            ".pdf" => Pdf,
            ".txt" or ".text" => Text,
            ".md" or ".markdown" => Markdown,
            ".html" or ".htm" or ".xhtml" => Html,
            _ => null,
        };
        if (fromName is not null || extension.Length > 1) return fromName;
        return contentType?.Split(';')[0].Trim().ToLowerInvariant() switch
        {
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => Docx,
            "application/pdf" => Pdf,
            "text/plain" => Text,
            "text/markdown" or "text/x-markdown" => Markdown,
            "text/html" or "application/xhtml+xml" => Html,
            _ => null,
        };
    }
}
