using System.Text;

namespace BiasApp.Core.Documents;

/// <summary>
/// Collects a document's paragraphs as the format readers find them: normalises their whitespace, numbers them (per page
/// when there are pages), carries the current heading, and stops with <see cref="DocumentProblem.TooLarge"/> as soon as the
/// text passes the character limit, so a huge document is never held whole.
/// </summary>
internal sealed class DocumentTextBuilder(int maxCharacters)
{
    private const string Separator = "\n\n";
    private readonly StringBuilder _text = new();
    private readonly List<DocumentParagraph> _paragraphs = [];
    private readonly StringBuilder _scratch = new();
    private string? _heading;
    private int? _page;
    private int _number;

    /// <summary>Paragraphs that follow are on page <paramref name="page"/> (from 1), numbered from 1 again.</summary>
    public void StartPage(int page)
    {
        _page = page;
        _number = 0;
    }

    /// <summary>A heading: it opens a section, and is a paragraph of it (a heading can state a stereotype too).</summary>
    public void AddHeading(string text)
    {
        var normalized = Normalize(text);
        if (normalized.Length == 0) return;
        _heading = normalized.Length > 200 ? normalized[..200] : normalized;
        Append(normalized);
    }

    /// <summary>A paragraph of the current section; blank ones are skipped.</summary>
    public void AddParagraph(string text)
    {
        var normalized = Normalize(text);
        if (normalized.Length > 0) Append(normalized);
    }

    /// <summary>The document; <see cref="DocumentProblem.Empty"/> when no paragraph had any text.</summary>
    public ExtractedDocument Build(string name, string format, int? pages)
    {
        if (_paragraphs.Count == 0)
        {
            throw new DocumentExtractionException(DocumentProblem.Empty, format == DocumentFormats.Pdf
                ? $"'{name}' has no text to analyse. A scanned PDF holds images of pages, not text; run it through OCR first."
                : $"'{name}' has no text to analyse.");
        }
        return new ExtractedDocument(name, format, pages, _text.ToString(), _paragraphs);
    }

    private void Append(string paragraph)
    {
        if (_text.Length > 0) _text.Append(Separator);
        var start = _text.Length;
        _text.Append(paragraph);
        if (_text.Length > maxCharacters)
        {
            throw new DocumentExtractionException(DocumentProblem.TooLarge,
                $"The document has more than {maxCharacters:N0} characters of text, the most one analysis takes; split it and analyse the parts.");
        }
        _paragraphs.Add(new DocumentParagraph(start, paragraph.Length, _page, ++_number, _heading));
    }

    // Every run of whitespace (line breaks, tabs, no-break spaces) becomes one space: the sentence splitter ends a sentence
    // at every line break, and a paragraph's lines are one flow of text.
    private string Normalize(string text)
    {
        _scratch.Clear();
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || c == '\u00AD' || char.IsControl(c))
            {
                // A soft hyphen is invisible; drop it without a space.
                space |= c != '\u00AD';
                continue;
            }
            if (space && _scratch.Length > 0) _scratch.Append(' ');
            space = false;
            _scratch.Append(c);
        }
        return _scratch.ToString();
    }
}
