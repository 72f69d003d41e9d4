using BiasApp.Core.Explanations;

namespace BiasApp.Core.Reports;

/// <summary>
/// A report as a list of blocks in reading order, written out by <see cref="HtmlReportWriter"/> and
/// <see cref="PdfReportWriter"/>: one model, so the HTML and the PDF always say the same.
/// </summary>
/// <param name="Title">The report's title, e.g. "Batch audit: llm_outputs.csv".</param>
/// <param name="Subtitle">One line under the title: what was analysed and when.</param>
/// <param name="CreatedAt">When the report was made (UTC).</param>
/// <param name="Blocks">The content, in order.</param>
public sealed record Report(string Title, string Subtitle, DateTimeOffset CreatedAt, IReadOnlyList<ReportBlock> Blocks)
{
    /// <summary>A file name for the report without extension: <paramref name="stem"/> and the creation time, e.g. <c>report-batch-20261208-101500</c>.</summary>
    public string FileName(string stem) => $"report-{stem}-{CreatedAt.UtcDateTime:yyyyMMdd-HHmmss}";
}

/// <summary>One piece of a <see cref="Report"/>.</summary>
public abstract record ReportBlock;

/// <summary>A section heading; <paramref name="Id"/> becomes the HTML section's id.</summary>
public sealed record ReportHeading(string Text, string Id) : ReportBlock;

/// <summary>A paragraph of plain text; <paramref name="Note"/> sets it smaller, as a caption.</summary>
public sealed record ReportParagraph(string Text, bool Note = false) : ReportBlock;

/// <summary>A bulleted list of plain-text items.</summary>
public sealed record ReportList(IReadOnlyList<string> Items) : ReportBlock;

/// <summary>Label and value pairs, such as the summary's figures or the method's settings.</summary>
public sealed record ReportFacts(IReadOnlyList<ReportFact> Facts) : ReportBlock;

/// <summary>One figure of <see cref="ReportFacts"/>.</summary>
public sealed record ReportFact(string Label, string Value);

/// <summary>
/// A bar chart of rates with their 95% intervals as whiskers; a bar at 0% is drawn as a marker on the axis, so it does not
/// read as missing.
/// </summary>
/// <param name="Title">What the bars are, e.g. "Stereotype rate per group".</param>
/// <param name="Bars">Left to right.</param>
/// <param name="Caption">How to read it.</param>
public sealed record ReportChart(string Title, IReadOnlyList<ReportBar> Bars, string Caption) : ReportBlock;

/// <summary>One bar: <paramref name="Count"/> of <paramref name="Of"/> with its rate and Wilson 95% interval.</summary>
public sealed record ReportBar(string Label, int Count, int Of, double Rate, double Lower, double Upper);

/// <summary>A table of text cells; a cell with a <see cref="ReportCell.Tint"/> is shaded by it (a heatmap).</summary>
public sealed record ReportTable(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<ReportCell>> Rows, string Id) : ReportBlock;

/// <summary>A table cell; <paramref name="Tint"/> (0…1) shades it in the report's rate colour, null leaves it plain.</summary>
public sealed record ReportCell(string Text, double? Tint = null)
{
    public static implicit operator ReportCell(string text) => new(text);
}

/// <summary>The flagged sentences, each with its word heatmap where it has an explanation.</summary>
public sealed record ReportFlagged(IReadOnlyList<FlaggedSentence> Sentences) : ReportBlock;

/// <summary>
/// A flagged sentence in a report.
/// </summary>
/// <param name="Text">The sentence.</param>
/// <param name="Where">Where it is: "p. 3 · ¶ 2 · Hiring" in a document, "row 17 · gender" in a batch; empty for a pasted text.</param>
/// <param name="Kind">Its kind (stereotype, portrayal).</param>
/// <param name="Probability">P(stereotype).</param>
/// <param name="Review">Needs review.</param>
/// <param name="Explanation">Its SHAP and/or LIME values; null when it was not explained.</param>
/// <param name="Offset">Where the sentence starts in the text the explanation's word offsets point into (0 when they are the sentence's own).</param>
public sealed record FlaggedSentence(string Text, string Where, string Kind, float Probability, bool Review, SentenceExplanation? Explanation, int Offset = 0);
