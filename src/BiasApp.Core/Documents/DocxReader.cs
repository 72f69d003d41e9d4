using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace BiasApp.Core.Documents;

/// <summary>
/// Word (.docx) through the Open XML SDK: the body's paragraphs in order (table cells included); a paragraph whose style is
/// a heading or the title, or that has an outline level, opens a section.
/// </summary>
internal static class DocxReader
{
    // An Office file protected with a password is an encrypted OLE compound file, not a ZIP package; its directory names
    // the EncryptionInfo stream (in UTF-16).
    private static readonly byte[] CompoundFile = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    private static readonly byte[] EncryptionInfo = Encoding.Unicode.GetBytes("EncryptionInfo");
    private static readonly byte[] Zip = [0x50, 0x4B, 0x03, 0x04];

    public static void Read(byte[] bytes, DocumentTextBuilder builder, string name, int maxCharacters)
    {
        if (bytes.AsSpan().StartsWith(CompoundFile))
        {
            throw bytes.AsSpan().IndexOf(EncryptionInfo) >= 0
                ? new DocumentExtractionException(DocumentProblem.Encrypted,
                    $"'{name}' is a password-protected Word document; remove the password (File › Info › Protect Document) and upload it again.")
                : new DocumentExtractionException(DocumentProblem.Unsupported,
                    $"'{name}' is an old Word 97–2003 (.doc) file; save it as .docx and upload it again.");
        }
        if (!bytes.AsSpan().StartsWith(Zip))
            throw new DocumentExtractionException(DocumentProblem.Corrupt, $"'{name}' is not a Word document: a .docx file is a ZIP package, and this is not one.");

        try
        {
            // Markup runs to many times the text; the part limit keeps a small ZIP that inflates to gigabytes of XML out.
            var settings = new OpenSettings { MaxCharactersInPart = Math.Max(1L << 24, 64L * maxCharacters) };
            using var word = WordprocessingDocument.Open(new MemoryStream(bytes), false, settings);
            var main = word.MainDocumentPart
                ?? throw new DocumentExtractionException(DocumentProblem.Corrupt, $"'{name}' is not a Word document: it has no main document part.");
            var headingStyles = HeadingStyles(main);
            foreach (var paragraph in main.Document?.Body?.Descendants<Paragraph>() ?? [])
            {
                var text = Text(paragraph);
                if (IsHeading(paragraph, headingStyles)) builder.AddHeading(text);
                else builder.AddParagraph(text);
            }
        }
        catch (Exception ex) when (ex is OpenXmlPackageException or InvalidDataException or FormatException
            or System.Xml.XmlException or IOException or InvalidOperationException)
        {
            throw new DocumentExtractionException(DocumentProblem.Corrupt, $"'{name}' is damaged: it could not be read as a Word document.", ex);
        }
    }

    // Style ids are localised ("Überschrift1"), so the style's name ("heading 1", "Title") or outline level decides.
    private static HashSet<string> HeadingStyles(MainDocumentPart main)
    {
        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var style in main.StyleDefinitionsPart?.Styles?.Elements<Style>() ?? [])
        {
            var styleName = style.StyleName?.Val?.Value ?? "";
            var outline = style.StyleParagraphProperties?.OutlineLevel?.Val?.Value;
            if (style.StyleId?.Value is { } id && (styleName.StartsWith("heading", StringComparison.OrdinalIgnoreCase)
                || styleName.Equals("Title", StringComparison.OrdinalIgnoreCase) || outline is >= 0 and < 9))
            {
                ids.Add(id);
            }
        }
        return ids;
    }

    private static bool IsHeading(Paragraph paragraph, HashSet<string> headingStyles)
    {
        var properties = paragraph.ParagraphProperties;
        if (properties?.OutlineLevel?.Val?.Value is >= 0 and < 9) return true;
        var style = properties?.ParagraphStyleId?.Val?.Value;
        return style is not null && (headingStyles.Contains(style) || style.StartsWith("Heading", StringComparison.OrdinalIgnoreCase)
            || style.Equals("Title", StringComparison.OrdinalIgnoreCase));
    }

    // The visible text: runs' text, tabs and breaks as spaces; deleted (tracked) text and field codes left out.
    private static string Text(Paragraph paragraph)
    {
        var text = new StringBuilder();
        foreach (var element in paragraph.Descendants())
        {
            switch (element)
            {
                case Text t: text.Append(t.Text); break;
                case TabChar or Break or CarriageReturn: text.Append(' '); break;
            }
        }
        return text.ToString();
    }
}
