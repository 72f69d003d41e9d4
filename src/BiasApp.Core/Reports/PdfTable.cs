namespace BiasApp.Core.Reports;

/// <summary>Writes a <see cref="ReportTable"/> on a <see cref="PdfCanvas"/>: columns sized to their text, cells wrapped, the header repeated on a new page.</summary>
internal static class PdfTable
{
    private const double Size = 8.5, Padding = 3, Leading = Size * 1.3;
    private static readonly (byte, byte, byte) HeaderFill = (240, 240, 240), Border = (205, 205, 205);

    public static void Write(PdfCanvas canvas, ReportTable table)
    {
        var columns = table.Header.Count;
        var header = table.Header.Select(canvas.Printable).ToArray();
        var rows = table.Rows.Select(r => r.Select(c => (Text: canvas.Printable(c.Text), c.Tint)).ToArray()).ToList();
        var widths = ColumnWidths(canvas, header, rows, columns);

        canvas.Ensure(3 * (Leading + 2 * Padding));
        WriteRow(canvas, widths, header.Select(h => (h, (double?)null)).ToArray(), bold: true);
        foreach (var row in rows)
        {
            var height = Height(canvas, widths, row, bold: false);
            if (canvas.Y + height > PdfCanvas.PageHeight - PdfCanvas.Margin)
            {
                canvas.NewPage();
                WriteRow(canvas, widths, header.Select(h => (h, (double?)null)).ToArray(), bold: true);
            }
            WriteRow(canvas, widths, row, bold: false);
        }
        canvas.Y += 8;
    }

    // Each column gets its natural width when all fit; otherwise the room is shared in proportion to the natural widths,
    // with no column narrower than 40 points.
    private static double[] ColumnWidths(PdfCanvas canvas, string[] header, List<(string Text, double? Tint)[]> rows, int columns)
    {
        var natural = new double[columns];
        for (var c = 0; c < columns; c++)
        {
            natural[c] = canvas.Width(header[c], Size, bold: true);
            foreach (var row in rows.Take(500)) if (c < row.Length) natural[c] = Math.Max(natural[c], canvas.Width(row[c].Text, Size));
            natural[c] = Math.Min(natural[c], 260) + 2 * Padding + 1;
        }
        var total = natural.Sum();
        if (total <= PdfCanvas.ContentWidth) return natural;
        var widths = natural.Select(w => Math.Max(40, w * PdfCanvas.ContentWidth / total)).ToArray();
        var scale = PdfCanvas.ContentWidth / widths.Sum();
        return [.. widths.Select(w => w * scale)];
    }

    private static double Height(PdfCanvas canvas, double[] widths, (string Text, double? Tint)[] row, bool bold) =>
        row.Select((cell, c) => canvas.Wrap(cell.Text, Size, widths[c] - 2 * Padding, bold).Count).DefaultIfEmpty(1).Max() * Leading + 2 * Padding;

    private static void WriteRow(PdfCanvas canvas, double[] widths, (string Text, double? Tint)[] row, bool bold)
    {
        var height = Height(canvas, widths, row, bold);
        var x = PdfCanvas.Margin;
        for (var c = 0; c < widths.Length; c++)
        {
            var (text, tint) = c < row.Length ? row[c] : ("", null);
            if (bold) canvas.Fill(x, canvas.Y, widths[c], height, HeaderFill);
            else if (tint is { } t) canvas.Fill(x, canvas.Y, widths[c], height, ReportHeatmap.Mix(ReportPalette.Error, t * ReportHeatmap.MaxTint));
            var baseline = canvas.Y + Padding + Size;
            foreach (var line in canvas.Wrap(text, Size, widths[c] - 2 * Padding, bold))
            {
                canvas.Text(line, x + Padding, baseline, Size, bold);
                baseline += Leading;
            }
            x += widths[c];
        }
        var right = PdfCanvas.Margin + widths.Sum();
        canvas.Line(PdfCanvas.Margin, canvas.Y, right, canvas.Y, 0.4, Border);
        canvas.Line(PdfCanvas.Margin, canvas.Y + height, right, canvas.Y + height, 0.4, Border);
        canvas.Y += height;
    }
}
