using System.Globalization;
using System.Text;
using BiasApp.Core.Explanations;

namespace BiasApp.Core.Reports;

/// <summary>
/// Writes a <see cref="Report"/> as one self-contained HTML file: inline CSS, inline SVG charts, no script, no image, no
/// font and no link to fetch (its Content-Security-Policy forbids any), so it opens the same offline and as an e-mail
/// attachment. Every text of the report is HTML-encoded.
/// </summary>
public static class HtmlReportWriter
{
    private const double ChartWidth = 720, ChartHeight = 240;

    private const string Css = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",Arial,sans-serif;color:#222;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.45}
        h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}h3{font-size:1rem;margin:1rem 0 .3rem}
        .subtitle{color:#555;margin-top:0}.note{font-size:.85rem;color:#555}
        table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem}th,td{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}th{background:#f5f5f5}
        dl.facts{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem}dl.facts dt{font-weight:600}dl.facts dd{margin:0}
        svg.chart{width:100%;max-width:720px;height:auto}svg.chart text{font-size:11px;fill:#333}svg.chart .grid{stroke:#e0e0e0}svg.chart .bar{fill:#594ae2;fill-opacity:.75}
        svg.chart .whisker{stroke:#222;stroke-width:1.5}svg.chart .zero{fill:#fff;stroke:#594ae2;stroke-width:2}
        .sentence{border-left:4px solid #f44336;padding:.4rem .8rem;margin:.8rem 0;background:#fafafa}.sentence.portrayal{border-left-color:#ff9800}
        .where{font-size:.85rem;color:#555}.heatmap{line-height:2;margin:.2rem 0}.heatmap .method{font-size:.8rem;font-weight:600;color:#555;margin-right:.4rem}
        .word{padding:0 1px;border-bottom:2px solid #ff9800}.word.against{border-bottom:2px dashed #2196f3}.word.uncertain{border-bottom-style:dotted}
        .legend{font-size:.8rem;color:#555}
        @media print{body{margin:0;max-width:none}.sentence{break-inside:avoid}}
        """;

    /// <summary>The report as an HTML document (UTF-8 without a byte-order mark).</summary>
    public static byte[] Write(Report report) => new UTF8Encoding(false).GetBytes(WriteString(report));

    /// <summary>The report as an HTML string.</summary>
    public static string WriteString(Report report)
    {
        var html = new StringBuilder(64 * 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(E(report.Title)).Append("</title><style>").Append(Css).Append("</style></head><body>\n");
        html.Append("<h1>").Append(E(report.Title)).Append("</h1><p class=\"subtitle\">").Append(E(report.Subtitle))
            .Append(". Report made ").Append(E(ReportText.Date(report.CreatedAt))).Append(" by BiasApp.</p>\n");
        var open = false;
        foreach (var block in report.Blocks)
        {
            switch (block)
            {
                case ReportHeading h:
                    if (open) html.Append("</section>\n");
                    html.Append("<section id=\"").Append(E(h.Id)).Append("\"><h2>").Append(E(h.Text)).Append("</h2>");
                    open = true;
                    break;
                case ReportParagraph p:
                    html.Append(p.Note ? "<p class=\"note\">" : "<p>").Append(E(p.Text)).Append("</p>\n");
                    break;
                case ReportList l:
                    html.Append("<ul>");
                    foreach (var item in l.Items) html.Append("<li>").Append(E(item)).Append("</li>");
                    html.Append("</ul>\n");
                    break;
                case ReportFacts f:
                    html.Append("<dl class=\"facts\">");
                    foreach (var fact in f.Facts) html.Append("<dt>").Append(E(fact.Label)).Append("</dt><dd>").Append(E(fact.Value)).Append("</dd>");
                    html.Append("</dl>\n");
                    break;
                case ReportChart c:
                    Chart(html, c);
                    break;
                case ReportTable t:
                    Table(html, t);
                    break;
                case ReportFlagged flagged:
                    foreach (var sentence in flagged.Sentences) Sentence(html, sentence);
                    break;
            }
        }
        if (open) html.Append("</section>\n");
        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static void Chart(StringBuilder html, ReportChart chart)
    {
        var layout = new ReportChartLayout(chart, ChartWidth, ChartHeight);
        html.Append("<h3>").Append(E(chart.Title)).Append("</h3>");
        html.Append("<svg class=\"chart\" viewBox=\"0 0 ").Append(F(ChartWidth)).Append(' ').Append(F(ChartHeight))
            .Append("\" role=\"img\" aria-label=\"").Append(E(chart.Title + ": " + string.Join("; ", chart.Bars.Select(b => $"{b.Label} {ReportText.RateWithInterval(b.Rate, b.Lower, b.Upper)}")))).Append("\">");
        foreach (var tick in ReportChartLayout.Ticks)
        {
            var y = F(layout.Y(tick));
            html.Append("<line class=\"grid\" x1=\"").Append(F(ReportChartLayout.AxisWidth)).Append("\" x2=\"").Append(F(ChartWidth)).Append("\" y1=\"").Append(y).Append("\" y2=\"").Append(y).Append("\"/>")
                .Append("<text x=\"").Append(F(ReportChartLayout.AxisWidth - 6)).Append("\" y=\"").Append(y).Append("\" text-anchor=\"end\" dominant-baseline=\"middle\">")
                .Append((tick * 100).ToString("0", CultureInfo.InvariantCulture)).Append("%</text>");
        }
        for (var i = 0; i < chart.Bars.Count; i++)
        {
            var bar = chart.Bars[i];
            var x = layout.Centre(i);
            html.Append("<g class=\"bar-group\"><title>").Append(E($"{bar.Label}: {ReportText.RateWithInterval(bar.Rate, bar.Lower, bar.Upper)}, {ReportText.Count(bar.Count)} of {ReportText.Count(bar.Of)}")).Append("</title>");
            if (bar.Count > 0)
            {
                html.Append("<rect class=\"bar\" x=\"").Append(F(x - layout.HalfBar)).Append("\" width=\"").Append(F(2 * layout.HalfBar))
                    .Append("\" y=\"").Append(F(layout.Y(bar.Rate))).Append("\" height=\"").Append(F(layout.Y(0) - layout.Y(bar.Rate))).Append("\"/>");
            }
            else
            {
                html.Append("<circle class=\"zero\" cx=\"").Append(F(x)).Append("\" cy=\"").Append(F(layout.Y(0))).Append("\" r=\"5\"/>");
            }
            Line(html, "whisker", x, x, layout.Y(bar.Upper), layout.Y(bar.Lower));
            Line(html, "whisker", x - layout.HalfCap, x + layout.HalfCap, layout.Y(bar.Upper), layout.Y(bar.Upper));
            Line(html, "whisker", x - layout.HalfCap, x + layout.HalfCap, layout.Y(bar.Lower), layout.Y(bar.Lower));
            html.Append("<text x=\"").Append(F(x)).Append("\" y=\"").Append(F(layout.Y(bar.Upper) - 5)).Append("\" text-anchor=\"middle\">").Append(E(ReportText.Rate(bar.Rate))).Append("</text>")
                .Append("<text x=\"").Append(F(x)).Append("\" y=\"").Append(F(layout.LabelY)).Append("\" text-anchor=\"middle\">").Append(E(layout.Label(bar))).Append("</text></g>");
        }
        html.Append("</svg><p class=\"note\">").Append(E(chart.Caption)).Append("</p>\n");
    }

    private static void Line(StringBuilder html, string css, double x1, double x2, double y1, double y2) =>
        html.Append("<line class=\"").Append(css).Append("\" x1=\"").Append(F(x1)).Append("\" x2=\"").Append(F(x2)).Append("\" y1=\"").Append(F(y1)).Append("\" y2=\"").Append(F(y2)).Append("\"/>");

    private static void Table(StringBuilder html, ReportTable table)
    {
        html.Append("<table id=\"").Append(E(table.Id)).Append("\"><thead><tr>");
        foreach (var header in table.Header) html.Append("<th>").Append(E(header)).Append("</th>");
        html.Append("</tr></thead><tbody>");
        foreach (var row in table.Rows)
        {
            html.Append("<tr>");
            foreach (var cell in row)
            {
                html.Append(cell.Tint is { } tint ? $"<td style=\"background:{ReportHeatmap.Hex(ReportHeatmap.Mix(ReportPalette.Error, tint * ReportHeatmap.MaxTint))}\">" : "<td>")
                    .Append(E(cell.Text)).Append("</td>");
            }
            html.Append("</tr>");
        }
        html.Append("</tbody></table>\n");
    }

    private static void Sentence(StringBuilder html, FlaggedSentence sentence)
    {
        html.Append("<div class=\"sentence ").Append(E(sentence.Kind)).Append("\"><div class=\"where\">")
            .Append(E(string.Join(" · ", new[] { sentence.Where, ReportText.KindText(sentence.Kind), "score " + ReportText.Score(sentence.Probability), sentence.Review ? "needs review" : "" }.Where(p => p.Length > 0))))
            .Append("</div>");
        if (sentence.Explanation is not { } explanation)
        {
            html.Append("<p class=\"text\">").Append(E(sentence.Text)).Append("</p></div>\n");
            return;
        }
        if (explanation.ShapWords is { } shap) Heatmap(html, "SHAP", sentence, shap);
        if (explanation.Lime?.Words is { } lime) Heatmap(html, "LIME", sentence, lime);
        var words = explanation.ShapWords ?? explanation.Lime?.Words ?? [];
        html.Append("<p class=\"legend\">").Append(E(ExplanationLine(explanation, words))).Append("</p></div>\n");
    }

    /// <summary>The line under a heatmap: baseline, agreement and the top words, e.g. "Score 92% against 3% with every word removed · top words: lazy +0.412, …".</summary>
    public static string ExplanationLine(SentenceExplanation explanation, IReadOnlyList<WordAttribution> words)
    {
        var parts = new List<string>
        {
            explanation.BaseProbability is { } b
                ? $"Score {ReportText.Score((float)explanation.Probability)}, {ReportText.Score((float)b)} with every word removed"
                : $"Score {ReportText.Score((float)explanation.Probability)}",
        };
        if (explanation.Agreement is { } agreement) parts.Add($"SHAP/LIME agreement {ReportText.Score((float)agreement.Confidence)}");
        var top = words.OrderByDescending(w => Math.Abs(w.Value)).Take(5).Select(w => $"{w.Word} {ReportText.Contribution(w.Value)}{(w.Uncertain ? " (uncertain)" : "")}");
        parts.Add("top words: " + string.Join(", ", top));
        if (explanation.Truncated) parts.Add("only the first words were explained");
        return string.Join(" · ", parts);
    }

    private static void Heatmap(StringBuilder html, string method, FlaggedSentence sentence, IReadOnlyList<WordAttribution> words)
    {
        var max = words.Count == 0 ? 0 : words.Max(w => Math.Abs(w.Value));
        html.Append("<p class=\"heatmap\"><span class=\"method\">").Append(method).Append("</span>");
        foreach (var (text, word) in ReportHeatmap.Segments(sentence.Text, sentence.Offset, words))
        {
            if (word is null)
            {
                html.Append(E(text));
                continue;
            }
            var background = ReportHeatmap.Hex(ReportHeatmap.Background(word.Value, ReportHeatmap.Intensity(word.Value, max)));
            html.Append("<span class=\"word").Append(word.Value < 0 ? " against" : "").Append(word.Uncertain ? " uncertain" : "")
                .Append("\" style=\"background:").Append(background).Append("\" title=\"").Append(E($"{word.Word}: {ReportText.Contribution(word.Value)}")).Append("\">")
                .Append(E(text)).Append("</span>");
        }
        html.Append("</p>");
    }

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>HTML-encodes text for element content and quoted attributes.</summary>
    private static string E(string text)
    {
        if (text.AsSpan().IndexOfAny("<>&\"'") < 0) return text;
        var encoded = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            encoded.Append(c switch { '<' => "&lt;", '>' => "&gt;", '&' => "&amp;", '"' => "&quot;", '\'' => "&#39;", _ => c.ToString() });
        }
        return encoded.ToString();
    }
}
