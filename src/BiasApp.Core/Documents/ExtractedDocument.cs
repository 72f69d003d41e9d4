namespace BiasApp.Core.Documents;

/// <summary>
/// The text of a document with its structure: <see cref="Text"/> holds the paragraphs in reading order, separated by a
/// blank line, and <see cref="Paragraphs"/> says where each is and which page and section it belongs to.
/// </summary>
public sealed record ExtractedDocument(string Name, string Format, int? Pages, string Text, IReadOnlyList<DocumentParagraph> Paragraphs)
{
    /// <summary>The figures of the document for an answer.</summary>
    public DocumentInfo Info => new(Name, Format, Pages, Paragraphs.Count, Paragraphs.Sum(p => p.Length));
}
