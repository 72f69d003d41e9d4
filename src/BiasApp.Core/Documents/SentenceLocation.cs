namespace BiasApp.Core.Documents;

/// <summary>Where a sentence of a document is.</summary>
/// <param name="Page">Page number, from 1; null for formats without pages.</param>
/// <param name="Paragraph">Paragraph number, from 1: within the page when there are pages, else within the document.</param>
/// <param name="Heading">The heading of its section; null before the first heading or in a document without headings.</param>
public sealed record SentenceLocation(int? Page, int Paragraph, string? Heading);
