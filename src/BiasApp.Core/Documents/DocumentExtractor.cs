using Microsoft.Extensions.Options;

namespace BiasApp.Core.Documents;

/// <summary>
/// Reads the text of a .docx, .pdf, .txt, .md or .html file with its structure (pages, paragraphs, headings), within the
/// <see cref="DocumentsOptions"/> limits. Stateless; singleton.
/// </summary>
public sealed class DocumentExtractor(IOptions<DocumentsOptions> options)
{
    private readonly DocumentsOptions _options = options.Value;

    /// <summary>The limits applied.</summary>
    public DocumentsOptions Options => _options;

    /// <summary>
    /// The text of <paramref name="bytes"/>, a file named <paramref name="fileName"/> (its extension, else
    /// <paramref name="contentType"/>, gives the format). Throws <see cref="DocumentExtractionException"/> for an unsupported,
    /// encrypted, damaged, empty or too long document, saying which.
    /// </summary>
    public ExtractedDocument Extract(byte[] bytes, string fileName, string? contentType = null, CancellationToken cancellationToken = default)
    {
        var name = Path.GetFileName(fileName) is { Length: > 0 } n ? n : "document";
        var format = DocumentFormats.Detect(fileName, contentType) ?? throw new DocumentExtractionException(DocumentProblem.Unsupported,
            $"'{name}' is not a supported document; upload a {string.Join(", ", DocumentFormats.All.Select(f => "." + f))} file.");
        if (bytes.Length == 0) throw new DocumentExtractionException(DocumentProblem.Empty, $"'{name}' is empty (0 bytes).");
        if (bytes.LongLength > _options.MaxUploadBytes)
        {
            throw new DocumentExtractionException(DocumentProblem.TooLarge,
                $"'{name}' has {bytes.LongLength:N0} bytes; the most a document may have is {_options.MaxUploadBytes:N0} bytes.");
        }

        var builder = new DocumentTextBuilder(_options.MaxCharacters);
        int? pages = null;
        switch (format)
        {
            case DocumentFormats.Docx: DocxReader.Read(bytes, builder, name, _options.MaxCharacters); break;
            case DocumentFormats.Pdf: pages = PdfReader.Read(bytes, builder, name, _options.MaxPages, cancellationToken); break;
            case DocumentFormats.Markdown: MarkdownReader.Read(bytes, builder, name); break;
            case DocumentFormats.Html: HtmlReader.Read(bytes, builder, name); break;
            default: PlainTextReader.Read(bytes, builder, name); break;
        }
        return builder.Build(name, format, pages);
    }
}
