using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Writer;

namespace BiasApp.Core.Reports;

/// <summary>
/// A4 pages written top to bottom with PdfPig's document builder: a cursor that moves down, text that wraps, and a new
/// page (with its number at the foot) whenever the next piece does not fit. Coordinates passed in are measured from the
/// top of the page, as the layout reads; PDF's own run from the bottom.
/// </summary>
internal sealed class PdfCanvas
{
    public const double PageWidth = 595, PageHeight = 842, Margin = 50;
    public const double ContentWidth = PageWidth - 2 * Margin;

    private readonly PdfDocumentBuilder _builder;
    private readonly PdfDocumentBuilder.AddedFont _regular, _bold;
    private readonly string _footer;
    private PdfPageBuilder _page = null!;
    private PdfPageBuilder? _first;
    private int _pages;
    private int _replaced;

    public PdfCanvas(PdfDocumentBuilder builder, PdfReportFonts fonts, string footer)
    {
        _builder = builder;
        Fonts = fonts;
        _footer = footer;
        if (fonts.Fallback)
        {
            _regular = builder.AddStandard14Font(UglyToad.PdfPig.Fonts.Standard14Fonts.Standard14Font.Helvetica);
            _bold = builder.AddStandard14Font(UglyToad.PdfPig.Fonts.Standard14Fonts.Standard14Font.HelveticaBold);
        }
        else
        {
            _regular = builder.AddTrueTypeFont(fonts.RegularBytes!);
            _bold = builder.AddTrueTypeFont(fonts.BoldBytes!);
        }
        NewPage();
    }

    public PdfReportFonts Fonts { get; }

    /// <summary>The cursor: distance from the top of the page to the top of the next piece.</summary>
    public double Y { get; set; }

    /// <summary>Characters the fonts could not show, written as "?".</summary>
    public int Replaced => _replaced;

    public void NewPage()
    {
        _page = _builder.AddPage(PageSize.A4);
        _pages++;
        _first ??= _page;
        Y = Margin;
        var footer = Printable($"{_footer} · page {_pages}");
        _page.SetTextAndFillColor(110, 110, 110);
        _page.AddText(footer, 8, new PdfPoint(Margin, Margin / 2), _regular);
        _page.ResetColor();
    }

    /// <summary>Starts a new page unless <paramref name="height"/> points still fit above the bottom margin.</summary>
    public void Ensure(double height)
    {
        if (Y + height > PageHeight - Margin && Y > Margin) NewPage();
    }

    public string Printable(string text) => Fonts.Printable(text, ref _replaced);

    public double Width(string printable, double size, bool bold = false) => Fonts.Width(printable, size, bold);

    /// <summary>Writes printable text with its baseline at <paramref name="baseline"/> (from the top).</summary>
    public void Text(string printable, double x, double baseline, double size, bool bold = false, (byte R, byte G, byte B)? color = null)
    {
        if (printable.Length == 0) return;
        if (color is { } c) _page.SetTextAndFillColor(c.R, c.G, c.B);
        _page.AddText(printable, size, new PdfPoint(x, PageHeight - baseline), bold ? _bold : _regular);
        if (color is not null) _page.ResetColor();
    }

    /// <summary>Writes printable text on the first page, wherever the cursor is now.</summary>
    public void TextOnFirstPage(string printable, double baseline, double size) =>
        _first!.AddText(printable, size, new PdfPoint(Margin, PageHeight - baseline), _regular);

    /// <summary>A filled rectangle whose top left is at (<paramref name="x"/>, <paramref name="top"/>).</summary>
    public void Fill(double x, double top, double width, double height, (byte R, byte G, byte B) color)
    {
        // PdfPig strokes a filled rectangle too; in the fill's own colour the outline does not show.
        _page.SetTextAndFillColor(color.R, color.G, color.B);
        _page.SetStrokeColor(color.R, color.G, color.B);
        _page.DrawRectangle(new PdfPoint(x, PageHeight - top - height), width, height, 0.1, fill: true);
        _page.ResetColor();
    }

    public void Line(double x1, double y1, double x2, double y2, double width = 1, (byte R, byte G, byte B)? color = null)
    {
        if (color is { } c) _page.SetStrokeColor(c.R, c.G, c.B);
        _page.DrawLine(new PdfPoint(x1, PageHeight - y1), new PdfPoint(x2, PageHeight - y2), width);
        if (color is not null) _page.ResetColor();
    }

    public void Circle(double x, double y, double diameter, (byte R, byte G, byte B) color)
    {
        _page.SetStrokeColor(color.R, color.G, color.B);
        _page.DrawCircle(new PdfPoint(x, PageHeight - y), diameter, 1.5);
        _page.ResetColor();
    }

    /// <summary>Cuts printable text into lines at most <paramref name="width"/> wide, at spaces (a longer word is cut where it must).</summary>
    public List<string> Wrap(string printable, double size, double width, bool bold = false)
    {
        var lines = new List<string>();
        foreach (var paragraph in printable.Split('\n'))
        {
            var line = "";
            foreach (var word in paragraph.Split(' '))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (Width(candidate, size, bold) <= width)
                {
                    line = candidate;
                    continue;
                }
                if (line.Length > 0) lines.Add(line);
                line = word;
                while (line.Length > 1 && Width(line, size, bold) > width)
                {
                    var fit = line.Length - 1;
                    while (fit > 1 && Width(line[..fit], size, bold) > width) fit--;
                    lines.Add(line[..fit]);
                    line = line[fit..];
                }
            }
            lines.Add(line);
        }
        return lines;
    }

    /// <summary>Writes wrapped text at the cursor, breaking pages between lines, and moves the cursor below it.</summary>
    public void Paragraph(string text, double size, bool bold = false, double indent = 0, (byte R, byte G, byte B)? color = null, double after = 6)
    {
        var leading = size * 1.35;
        foreach (var line in Wrap(Printable(text), size, ContentWidth - indent, bold))
        {
            Ensure(leading);
            Text(line, Margin + indent, Y + size, size, bold, color);
            Y += leading;
        }
        Y += after;
    }
}
