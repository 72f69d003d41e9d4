using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace BiasApp.Core.Tests.Documents;

/// <summary>Real documents written with the libraries the app reads them with (also compiled into the host's tests).</summary>
public static class TestDocuments
{
    /// <summary>One block of a test document: a heading (true) or a paragraph.</summary>
    public sealed record Block(bool IsHeading, string Text);

    public static Block H(string text) => new(true, text);

    public static Block P(string text) => new(false, text);

    /// <summary>A .docx whose headings use the built-in "Heading1" style id, plus one localised style named "heading 2".</summary>
    public static byte[] Docx(params Block[] blocks) => DocxPages([blocks]);

    /// <summary>
    /// As <see cref="Docx"/>, with an explicit page break before each page after the first: a break run (<c>w:br
    /// w:type="page"</c>) at the start of the page's first paragraph, or <c>w:pageBreakBefore</c> when that paragraph is a heading.
    /// </summary>
    public static byte[] DocxPages(params Block[][] pages)
    {
        using var stream = new MemoryStream();
        using (var word = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = word.AddMainDocumentPart();
            var styles = main.AddNewPart<StyleDefinitionsPart>();
            styles.Styles = new Styles(
                new Style(new StyleName { Val = "heading 1" }) { Type = StyleValues.Paragraph, StyleId = "Heading1" },
                new Style(new StyleName { Val = "heading 2" }) { Type = StyleValues.Paragraph, StyleId = "Titre2" });
            var body = new Body();
            var headings = 0;
            for (var p = 0; p < pages.Length; p++)
            {
                for (var b = 0; b < pages[p].Length; b++)
                {
                    var block = pages[p][b];
                    var newPage = p > 0 && b == 0;
                    var paragraph = new Paragraph(new Run(new Text(block.Text) { Space = SpaceProcessingModeValues.Preserve }));
                    if (block.IsHeading)
                    {
                        var properties = new ParagraphProperties(new ParagraphStyleId { Val = headings++ % 2 == 0 ? "Heading1" : "Titre2" });
                        if (newPage) properties.Append(new PageBreakBefore());
                        paragraph.PrependChild(properties);
                    }
                    else if (newPage)
                    {
                        paragraph.PrependChild(new Run(new Break { Type = BreakValues.Page }));
                    }
                    body.Append(paragraph);
                }
            }
            main.Document = new Document(body);
        }
        return stream.ToArray();
    }

    /// <summary>
    /// A PDF with one page per element of <paramref name="pages"/>: headings in 18 pt bold, paragraphs in 11 pt wrapped at
    /// about 45 characters (a narrow column), a blank line between blocks.
    /// </summary>
    public static byte[] Pdf(params Block[][] pages)
    {
        using var builder = new PdfDocumentBuilder();
        var regular = builder.AddStandard14Font(Standard14Font.Helvetica);
        var bold = builder.AddStandard14Font(Standard14Font.HelveticaBold);
        foreach (var blocks in pages)
        {
            var page = builder.AddPage(595, 842);
            var y = 780.0;
            foreach (var block in blocks)
            {
                var size = block.IsHeading ? 18 : 11;
                foreach (var line in Wrap(block.Text, 45))
                {
                    page.AddText(line, size, new PdfPoint(60, y), block.IsHeading ? bold : regular);
                    y -= size * 1.3;
                }
                y -= 14;
            }
        }
        return builder.Build();
    }

    /// <summary>
    /// A one-page PDF encrypted with the standard security handler under an unknown user password (PdfPig cannot write
    /// encrypted files; the encryption dictionary is written by hand, with valid cross-references).
    /// </summary>
    public static byte[] EncryptedPdf()
    {
        var hex32 = string.Concat(Enumerable.Range(0, 32).Select(i => ((i * 37 + 11) % 256).ToString("X2", CultureInfo.InvariantCulture)));
        var objects = new[]
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R >>",
            $"<< /Filter /Standard /V 1 /R 2 /O <{hex32}> /U <{hex32}> /P -44 >>",
            "<< /Length 8 >>\nstream\n\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\nendstream",
        };
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(Encoding.Latin1.GetByteCount(pdf.ToString()));
            pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        var xref = Encoding.Latin1.GetByteCount(pdf.ToString());
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets) pdf.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        pdf.Append(CultureInfo.InvariantCulture,
            $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R /Encrypt 4 0 R /ID [<{hex32[..32]}> <{hex32[..32]}>] >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.Latin1.GetBytes(pdf.ToString());
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static IEnumerable<string> Wrap(string text, int width)
    {
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                yield return line.ToString();
                line.Clear();
            }
            if (line.Length > 0) line.Append(' ');
            line.Append(word);
        }
        if (line.Length > 0) yield return line.ToString();
    }
}
