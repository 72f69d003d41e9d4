using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.DocumentLayoutAnalysis;
using UglyToad.PdfPig.DocumentLayoutAnalysis.PageSegmenter;
using UglyToad.PdfPig.DocumentLayoutAnalysis.ReadingOrderDetector;
using UglyToad.PdfPig.Exceptions;

namespace BiasApp.Core.Documents;

/// <summary>
/// PDF through PdfPig: page by page, the words grouped into text blocks by the Docstrum page segmenter and put in reading
/// order; a block is split into paragraphs where the gap between lines is wider than usual or the letter size changes. A
/// paragraph of one or two short lines set clearly larger than the page's body text is taken for a heading.
/// </summary>
internal static class PdfReader
{
    private static readonly byte[] Header = "%PDF-"u8.ToArray();

    // A heading's letters are at least this much larger than the body text's (the median letter size of the page).
    private const double HeadingScale = 1.15;

    // Lines further apart than this many times the page's usual line pitch are in different paragraphs.
    private const double ParagraphGap = 1.4;

    // PdfPig allocates about 6 MB of short-lived objects per page of dense text (letters, words, Docstrum's neighbour search):
    // 600 MB for a 100-page report, of which nothing outlives its page. Left alone, the app's workstation, non-concurrent GC
    // lets gen0 grow to about 40 MB between collections for such garbage, and the process keeps that memory; a gen0
    // collection once this much has been allocated keeps extraction near one page's garbage (100 pages: 50 MB over idle
    // before, 19 MB after, in the same time: almost nothing survives, so each collection is cheap). docs/documents.md, Memory.
    private const long CollectAfterBytes = 4 << 20;

    public static int Read(byte[] bytes, DocumentTextBuilder builder, string name, int maxPages, CancellationToken cancellationToken)
    {
        // The header may follow some junk, but within the first kilobyte.
        if (bytes.AsSpan(0, Math.Min(bytes.Length, 1024)).IndexOf(Header) < 0)
        {
            throw new DocumentExtractionException(DocumentProblem.Corrupt, bytes.AsSpan().StartsWith("PK"u8)
                ? $"'{name}' is not a PDF: it is a ZIP package (a Word .docx, perhaps). Name it by what it is and upload it again."
                : $"'{name}' is not a PDF: it has no PDF header.");
        }
        try
        {
            using var pdf = PdfDocument.Open(bytes);
            if (pdf.NumberOfPages > maxPages)
            {
                throw new DocumentExtractionException(DocumentProblem.TooLarge,
                    $"'{name}' has {pdf.NumberOfPages:N0} pages; the most one analysis takes is {maxPages:N0}. Split it and analyse the parts.");
            }
            var collectedAt = GC.GetTotalAllocatedBytes();
            for (var number = 1; number <= pdf.NumberOfPages; number++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                builder.StartPage(number);
                ReadPage(pdf.GetPage(number), builder);
                if (GC.GetTotalAllocatedBytes() - collectedAt > CollectAfterBytes)
                {
                    GC.Collect(0, GCCollectionMode.Forced, blocking: true);
                    collectedAt = GC.GetTotalAllocatedBytes();
                }
            }
            return pdf.NumberOfPages;
        }
        catch (PdfDocumentEncryptedException ex)
        {
            throw new DocumentExtractionException(DocumentProblem.Encrypted,
                $"'{name}' is a password-protected PDF; save a copy without the password and upload that.", ex);
        }
        catch (Exception ex) when (ex is not DocumentExtractionException and not OperationCanceledException and not OutOfMemoryException)
        {
            // PdfPig reports damage with many exception types (format, parse, index, cast); all mean the same to the user.
            throw new DocumentExtractionException(DocumentProblem.Corrupt, $"'{name}' is damaged: it could not be read as a PDF.", ex);
        }
    }

    private static void ReadPage(Page page, DocumentTextBuilder builder)
    {
        var words = page.GetWords().Where(w => !string.IsNullOrWhiteSpace(w.Text)).ToList();
        if (words.Count == 0) return;
        var body = Median(words.SelectMany(w => w.Letters).Select(l => l.PointSize));
        var blocks = UnsupervisedReadingOrderDetector.Instance.Get(DocstrumBoundingBoxes.Instance.GetBlocks(words)).ToList();
        // Docstrum can merge a heading with its paragraph, or paragraphs set close together; the line pitch usual on the page
        // and a change of letter size split them again. Most pairs of lines are within a paragraph, so a low quantile of the
        // pitches is the line pitch even on a page of short paragraphs.
        var pitch = Quantile(blocks.SelectMany(b => b.TextLines.Zip(b.TextLines.Skip(1), Pitch)).Where(p => p > 0), 0.25);
        foreach (var block in blocks)
        {
            var group = new List<TextLine>();
            foreach (var line in block.TextLines)
            {
                if (group.Count > 0 && StartsParagraph(group[^1], line, pitch))
                {
                    Add(group, builder, body);
                    group.Clear();
                }
                group.Add(line);
            }
            Add(group, builder, body);
        }
    }

    private static void Add(List<TextLine> lines, DocumentTextBuilder builder, double body)
    {
        var text = LinesText(lines);
        var isHeading = lines.Count <= 2 && text.Length <= 150 && body > 0 && Size(lines[0]) >= HeadingScale * body;
        if (isHeading) builder.AddHeading(text);
        else builder.AddParagraph(text);
    }

    private static bool StartsParagraph(TextLine previous, TextLine line, double pitch)
    {
        var (a, b) = (Size(previous), Size(line));
        if (Math.Max(a, b) >= HeadingScale * Math.Min(a, b)) return true;
        return pitch > 0 && Pitch(previous, line) > ParagraphGap * pitch;
    }

    // Distance between baselines.
    private static double Pitch(TextLine upper, TextLine lower) => upper.BoundingBox.Bottom - lower.BoundingBox.Bottom;

    private static double Size(TextLine line) => Median(line.Words.SelectMany(w => w.Letters).Select(l => l.PointSize));

    // Lines joined with a space, except that a word hyphenated at a line end ("exam-" / "ple") is joined back.
    private static string LinesText(IEnumerable<TextLine> lines)
    {
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            var words = string.Join(' ', line.Words.Select(w => w.Text));
            if (text.Length > 1 && text[^1] == '-' && char.IsLetter(text[^2]) && words.Length > 0 && char.IsLower(words[0])) text.Length--;
            else if (text.Length > 0) text.Append(' ');
            text.Append(words);
        }
        return text.ToString();
    }

    private static double Median(IEnumerable<double> values) => Quantile(values, 0.5);

    private static double Quantile(IEnumerable<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[(int)(q * (sorted.Length - 1))];
    }
}
