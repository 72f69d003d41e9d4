using System.Globalization;
using BiasApp.Core.Explanations;
using UglyToad.PdfPig.Writer;

namespace BiasApp.Core.Reports;

/// <summary>
/// Writes a <see cref="Report"/> as an A4 PDF with PdfPig's document builder (Apache-2.0): the same blocks as the HTML, the
/// charts drawn as vector shapes, the heatmaps as tinted boxes behind the words, the text real text that can be selected
/// and extracted. Fonts: <see cref="PdfReportFonts"/>; when some characters could not be shown the PDF says so on its
/// first page.
/// </summary>
public static class PdfReportWriter
{
    private const double Body = 10, Small = 8.5, ChartHeight = 190;
    private static readonly (byte, byte, byte) Grey = (90, 90, 90), Rule = (210, 210, 210);

    /// <summary>The report as PDF bytes.</summary>
    public static byte[] Write(Report report, PdfReportFonts fonts)
    {
        var builder = new PdfDocumentBuilder { ArchiveStandard = PdfAStandard.None };
        builder.DocumentInformation.Title = report.Title;
        builder.DocumentInformation.Producer = "BiasApp (PdfPig)";
        builder.DocumentInformation.CreationDate = report.CreatedAt.UtcDateTime.ToString("'D:'yyyyMMddHHmmss'Z'", CultureInfo.InvariantCulture);
        var canvas = new PdfCanvas(builder, fonts, ReportText.Clip(report.Title, 80) + " · " + ReportText.Date(report.CreatedAt));

        canvas.Paragraph(report.Title, 17, bold: true, after: 2);
        canvas.Paragraph($"{report.Subtitle}. Report made {ReportText.Date(report.CreatedAt)} by BiasApp.", Small, color: Grey, after: 4);
        // Reserved for the note on replaced characters, known only at the end; the first page has room for it here.
        var noteAt = canvas.Y;
        canvas.Y += Small * 2.8;
        foreach (var block in report.Blocks)
        {
            switch (block)
            {
                case ReportHeading h:
                    canvas.Ensure(60);
                    canvas.Y += 8;
                    canvas.Paragraph(h.Text, 13, bold: true, after: 1);
                    canvas.Line(PdfCanvas.Margin, canvas.Y, PdfCanvas.PageWidth - PdfCanvas.Margin, canvas.Y, 0.5, Rule);
                    canvas.Y += 6;
                    break;
                case ReportParagraph p:
                    canvas.Paragraph(p.Text, p.Note ? Small : Body, color: p.Note ? Grey : null);
                    break;
                case ReportList l:
                    foreach (var item in l.Items) Bullet(canvas, item);
                    canvas.Y += 4;
                    break;
                case ReportFacts f:
                    Facts(canvas, f);
                    break;
                case ReportChart c:
                    Chart(canvas, c);
                    break;
                case ReportTable t:
                    PdfTable.Write(canvas, t);
                    break;
                case ReportFlagged flagged:
                    foreach (var sentence in flagged.Sentences) Sentence(canvas, sentence);
                    break;
            }
        }
        return Finish(builder, canvas, noteAt);
    }

    private static byte[] Finish(PdfDocumentBuilder builder, PdfCanvas canvas, double noteAt)
    {
        if (canvas.Replaced > 0)
        {
            var note = $"{canvas.Replaced:N0} characters that the PDF's font cannot show are written as \"?\"; the HTML report shows them as written.";
            canvas.TextOnFirstPage(canvas.Printable(note), noteAt + Small, Small);
        }
        return builder.Build();
    }

    private static void Bullet(PdfCanvas canvas, string item)
    {
        var lines = canvas.Wrap(canvas.Printable(item), Body, PdfCanvas.ContentWidth - 14);
        foreach (var (line, i) in lines.Select((l, i) => (l, i)))
        {
            canvas.Ensure(Body * 1.35);
            if (i == 0) canvas.Text(canvas.Printable("•"), PdfCanvas.Margin + 3, canvas.Y + Body, Body);
            canvas.Text(line, PdfCanvas.Margin + 14, canvas.Y + Body, Body);
            canvas.Y += Body * 1.35;
        }
        canvas.Y += 2;
    }

    private static void Facts(PdfCanvas canvas, ReportFacts facts)
    {
        const double labelWidth = 130;
        foreach (var fact in facts.Facts)
        {
            var label = canvas.Wrap(canvas.Printable(fact.Label), Body, labelWidth - 8, bold: true);
            var value = canvas.Wrap(canvas.Printable(fact.Value), Body, PdfCanvas.ContentWidth - labelWidth);
            for (var i = 0; i < Math.Max(label.Count, value.Count); i++)
            {
                canvas.Ensure(Body * 1.35);
                if (i < label.Count) canvas.Text(label[i], PdfCanvas.Margin, canvas.Y + Body, Body, bold: true);
                if (i < value.Count) canvas.Text(value[i], PdfCanvas.Margin + labelWidth, canvas.Y + Body, Body);
                canvas.Y += Body * 1.35;
            }
            canvas.Y += 1.5;
        }
        canvas.Y += 5;
    }

    private static void Chart(PdfCanvas canvas, ReportChart chart)
    {
        canvas.Ensure(ChartHeight + 50);
        canvas.Paragraph(chart.Title, 10.5, bold: true, after: 2);
        var layout = new ReportChartLayout(chart, PdfCanvas.ContentWidth, ChartHeight);
        double X(double x) => PdfCanvas.Margin + x;
        double Y(double y) => canvas.Y + y;
        foreach (var tick in ReportChartLayout.Ticks)
        {
            canvas.Line(X(ReportChartLayout.AxisWidth), Y(layout.Y(tick)), X(layout.Width), Y(layout.Y(tick)), 0.5, (224, 224, 224));
            var label = (tick * 100).ToString("0", CultureInfo.InvariantCulture) + "%";
            canvas.Text(label, X(ReportChartLayout.AxisWidth - 5) - canvas.Width(label, 7.5), Y(layout.Y(tick)) + 2.5, 7.5, color: Grey);
        }
        for (var i = 0; i < chart.Bars.Count; i++)
        {
            var bar = chart.Bars[i];
            var x = X(layout.Centre(i));
            if (bar.Count > 0)
            {
                canvas.Fill(x - layout.HalfBar, Y(layout.Y(bar.Rate)), 2 * layout.HalfBar, layout.Y(0) - layout.Y(bar.Rate), ReportHeatmap.Mix(ReportPalette.Primary, 0.75));
            }
            else
            {
                canvas.Circle(x, Y(layout.Y(0)), 8, ReportPalette.Primary);
            }
            canvas.Line(x, Y(layout.Y(bar.Upper)), x, Y(layout.Y(bar.Lower)), 1.2);
            canvas.Line(x - layout.HalfCap, Y(layout.Y(bar.Upper)), x + layout.HalfCap, Y(layout.Y(bar.Upper)), 1.2);
            canvas.Line(x - layout.HalfCap, Y(layout.Y(bar.Lower)), x + layout.HalfCap, Y(layout.Y(bar.Lower)), 1.2);
            var rate = ReportText.Rate(bar.Rate);
            canvas.Text(rate, x - canvas.Width(rate, 7.5) / 2, Y(layout.Y(bar.Upper) - 4), 7.5);
            var name = canvas.Printable(layout.Label(bar));
            canvas.Text(name, x - canvas.Width(name, 7.5) / 2, Y(layout.LabelY), 7.5);
        }
        canvas.Y += ChartHeight + 4;
        canvas.Paragraph(chart.Caption, Small, color: Grey);
    }

    private static void Sentence(PdfCanvas canvas, FlaggedSentence sentence)
    {
        canvas.Ensure(Body * 5);
        canvas.Y += 4;
        var colour = sentence.Kind == Analysis.Kinds.Portrayal ? ReportPalette.Warning : ReportPalette.Error;
        canvas.Fill(PdfCanvas.Margin, canvas.Y + 1, 4, Small, colour);
        var where = string.Join(" · ", new[] { sentence.Where, ReportText.KindText(sentence.Kind), "score " + ReportText.Score(sentence.Probability), sentence.Review ? "needs review" : "" }.Where(p => p.Length > 0));
        canvas.Paragraph(where, Small, indent: 8, color: Grey, after: 2);
        if (sentence.Explanation is not { } explanation)
        {
            canvas.Paragraph(sentence.Text, Body, indent: 8);
            return;
        }
        if (explanation.ShapWords is { } shap) Heatmap(canvas, "SHAP", sentence, shap);
        if (explanation.Lime?.Words is { } lime) Heatmap(canvas, "LIME", sentence, lime);
        canvas.Paragraph(HtmlReportWriter.ExplanationLine(explanation, explanation.ShapWords ?? explanation.Lime?.Words ?? []), Small, indent: 8, color: Grey);
    }

    // The sentence's words laid out left to right, each on a box tinted by its value, wrapping at the margin.
    private static void Heatmap(PdfCanvas canvas, string method, FlaggedSentence sentence, IReadOnlyList<WordAttribution> words)
    {
        const double leading = Body * 1.7;
        var max = words.Count == 0 ? 0 : words.Max(w => Math.Abs(w.Value));
        var left = PdfCanvas.Margin + 8;
        var right = PdfCanvas.PageWidth - PdfCanvas.Margin;
        canvas.Ensure(leading);
        canvas.Text(method, left, canvas.Y + Body, 7.5, bold: true, color: Grey);
        var start = left + 30;
        var x = start;
        foreach (var (text, word) in ReportHeatmap.Segments(sentence.Text, sentence.Offset, words))
        {
            foreach (var piece in word is null ? SplitSpaces(text) : [text])
            {
                var printable = canvas.Printable(piece);
                var width = canvas.Width(printable, Body);
                if (piece == " " && x == start) continue;
                if (x + width > right && piece != " ")
                {
                    canvas.Y += leading;
                    canvas.Ensure(leading);
                    x = start;
                }
                if (word is not null)
                {
                    canvas.Fill(x - 0.5, canvas.Y - 1, width + 1, Body * 1.4, ReportHeatmap.Background(word.Value, ReportHeatmap.Intensity(word.Value, max)));
                    canvas.Line(x, canvas.Y + Body * 1.4 - 1, x + width, canvas.Y + Body * 1.4 - 1, word.Uncertain ? 0.4 : 1,
                        word.Value >= 0 ? ReportHeatmap.Towards : ReportHeatmap.Against);
                }
                canvas.Text(printable, x, canvas.Y + Body, Body);
                x += width;
            }
        }
        canvas.Y += leading;
    }

    // "x, y" → "x,", " ", "y": spaces become pieces of their own, so lines break between words.
    private static IEnumerable<string> SplitSpaces(string text)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsWhiteSpace(text[i])) continue;
            if (i > start) yield return text[start..i];
            yield return " ";
            start = i + 1;
        }
        if (start < text.Length) yield return text[start..];
    }
}
