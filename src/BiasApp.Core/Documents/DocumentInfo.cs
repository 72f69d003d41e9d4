namespace BiasApp.Core.Documents;

/// <summary>What an analysed document was: the <c>document</c> of a documents answer.</summary>
/// <param name="Name">File name as uploaded.</param>
/// <param name="Format">One of <see cref="DocumentFormats"/>: docx, pdf, txt, md or html.</param>
/// <param name="Pages">Pages of a PDF; null for formats without pages.</param>
/// <param name="Paragraphs">Paragraphs found, headings and list items included.</param>
/// <param name="Characters">Characters of text in those paragraphs.</param>
public sealed record DocumentInfo(string Name, string Format, int? Pages, int Paragraphs, int Characters)
{
    /// <summary>
    /// The stored analysis's id, for <c>GET /api/v1/documents/{id}/report</c>; set in the API's answer, null on the page
    /// (whose documents are not stored) and omitted from JSON when null.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public Guid? Id { get; init; }
}
