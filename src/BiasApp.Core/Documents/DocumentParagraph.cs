namespace BiasApp.Core.Documents;

/// <summary>One paragraph (or heading, list item, PDF text block) of an extracted document.</summary>
/// <param name="Start">Offset of the paragraph in <see cref="ExtractedDocument.Text"/>.</param>
/// <param name="Length">Length in UTF-16 characters.</param>
/// <param name="Page">Page number, from 1; null for formats without pages (all but PDF).</param>
/// <param name="Number">Paragraph number, from 1: within its page when there are pages, else within the document.</param>
/// <param name="Heading">The heading of the section it is in (a heading's own text for a heading); null before the first.</param>
public sealed record DocumentParagraph(int Start, int Length, int? Page, int Number, string? Heading);
