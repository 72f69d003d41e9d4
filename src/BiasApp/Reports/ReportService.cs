using BiasApp.Batches;
using BiasApp.Core.Analysis;
using BiasApp.Core.Classification;
using BiasApp.Core.Explanations;
using BiasApp.Core.Inference;
using BiasApp.Core.Reports;
using BiasApp.Data;
using BiasApp.Usage;
using Microsoft.Extensions.Options;

namespace BiasApp.Reports;

/// <summary>A written report: its bytes, media type and file name.</summary>
public sealed record ReportFile(byte[] Content, string ContentType, string FileName);

/// <summary>
/// Makes the reports of analyses, documents and batches: gathers what each shows, gives flagged sentences that have no
/// explanation a heatmap (the highest scores first, at most <see cref="ReportOptions.MaxExplained"/>, metered as one
/// explained analysis of the caller), and writes HTML or PDF. Reads no database itself: the endpoints and pages bring the
/// result. Scoped, like <see cref="AnalysisService"/>.
/// </summary>
public sealed class ReportService(
    AnalysisService analysis,
    ModelHost models,
    ReportFonts fonts,
    IOptions<ReportOptions> options,
    IOptions<ExplanationOptions> explanationOptions,
    TimeProvider clock,
    UsageAdmission? usage = null)
{
    /// <summary>
    /// The report of an analysis (a pasted text or a document) of <paramref name="userId"/>, analysed at
    /// <paramref name="analysedAt"/>; <paramref name="channel"/> is where heatmaps made now are metered (ui or api).
    /// </summary>
    public async Task<Report> ForAnalysisAsync(string userId, string channel, DocumentAnalysis result, DateTimeOffset analysedAt, CancellationToken cancellationToken = default)
    {
        var limit = options.Value.MaxFlagged;
        var shown = result.Sentences.Where(s => s.Flagged).OrderByDescending(s => s.Probability).ThenBy(s => s.Start).Take(limit).ToList();
        var had = shown.Count(s => s.Explanation is not null);
        var (made, note) = await ExplainAsync(userId, channel, [.. shown.Where(s => s.Explanation is null)], cancellationToken);
        var sentences = result.Sentences.Select(s => made.TryGetValue(s.Start, out var e) ? s with { Explanation = e } : s).ToList();
        var method = Method(result.Model, result.Mode == AnalysisMode.Rules ? "rules" : "model", result.Summary.Threshold, analysedAt, had, made.Count);
        return ReportBuilder.ForAnalysis(result with { Sentences = sentences }, method, clock.GetUtcNow(), limit, note);
    }

    /// <summary>
    /// The report of the finished batch <paramref name="job"/> of <paramref name="userId"/>, whose scored rows are
    /// <paramref name="rows"/> (read once).
    /// </summary>
    public async Task<Report> ForBatchAsync(string userId, string channel, BatchJob job, IAsyncEnumerable<BatchResultRow> rows, CancellationToken cancellationToken = default)
    {
        var read = new List<BatchReportRow>();
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            read.Add(new BatchReportRow(row.SourceRow ?? row.Index + 1, row.Group, row.Compare, row.Flagged, row.Sentences));
        }
        var input = BatchReportBuilder.Gather(job.Name, job.RowsSkipped, read, job.CompareColumn, options.Value.MaxFlagged);
        // Each sentence is explained on its own: its word offsets are the sentence's, and its Start is its rank here.
        var sentences = input.Flagged.Select((f, i) => new AnalyzedSentence(i, f.Text.Length, f.Text, Labels.Stereotype, f.Probability)).ToList();
        var (made, note) = await ExplainAsync(userId, channel, sentences, cancellationToken);
        var (name, version) = job.Model?.Split('@', 2) is [var n, var v] ? (n, v) : ("stereotype model", "unknown");
        var method = Method(new ModelInfo(name, version), name == "rules" ? "rules" : "model", job.Threshold,
            new DateTimeOffset(job.FinishedAt ?? job.CreatedAt, TimeSpan.Zero), 0, made.Count);
        var explained = input with { Flagged = [.. input.Flagged.Select((f, i) => made.TryGetValue(i, out var e) ? f with { Explanation = e } : f)] };
        return BatchReportBuilder.Build(explained, method, clock.GetUtcNow(), note);
    }

    /// <summary>Writes <paramref name="report"/> in <paramref name="format"/>, named after <paramref name="stem"/> and its time.</summary>
    public ReportFile Write(Report report, ReportFormat format, string stem) => new(
        format == ReportFormat.Pdf ? PdfReportWriter.Write(report, fonts.Fonts) : HtmlReportWriter.Write(report),
        format.ContentType(), $"{report.FileName(stem)}.{format.Extension()}");

    private ReportMethod Method(ModelInfo model, string mode, double threshold, DateTimeOffset analysedAt, int had, int made)
    {
        var parts = new List<string>();
        if (had > 0) parts.Add($"{Heatmaps(had)} made with the analysis");
        if (made > 0) parts.Add($"{Heatmaps(made)} made with this report ({ReportText.Methods(ReportMode())}; the highest scores first, at most {options.Value.MaxExplained:N0} per report)");
        return new ReportMethod(model, mode, threshold, analysedAt, explanationOptions.Value, models.Classifier?.Card)
        {
            Explanations = parts.Count == 0 ? "none: no flagged sentence has a heatmap" : string.Join("; ", parts),
        };
    }

    private static string Heatmaps(int count) => count == 1 ? "1 heatmap" : $"{count:N0} heatmaps";

    // The explanation the app shows when it may: SHAP and LIME (LIME shares SHAP's coalitions, so both cost what SHAP does).
    private ExplanationMode ReportMode() =>
        new[] { ExplanationMode.Both, ExplanationMode.Shap, ExplanationMode.Lime }.FirstOrDefault(analysis.Supports, ExplanationMode.None);

    /// <summary>
    /// Explanations for the first <see cref="ReportOptions.MaxExplained"/> of <paramref name="sentences"/> (highest score
    /// first), keyed by <see cref="AnalyzedSentence.Start"/>, admitted and recorded as one explained analysis; with a note
    /// saying why none or fewer were made.
    /// </summary>
    private async Task<(Dictionary<int, SentenceExplanation> Made, string? Note)> ExplainAsync(string userId, string channel,
        IReadOnlyList<AnalyzedSentence> sentences, CancellationToken cancellationToken)
    {
        var made = new Dictionary<int, SentenceExplanation>();
        var wanted = sentences.Where(s => !s.IsTooShort).OrderByDescending(s => s.Probability).ThenBy(s => s.Start).Take(options.Value.MaxExplained).ToList();
        if (wanted.Count == 0) return (made, null);
        var mode = ReportMode();
        if (mode == ExplanationMode.None) return (made, "No heatmaps: explanations are switched off on this server, or its model is not loaded.");
        string? note = null;

        async Task<int> Run(CancellationToken token)
        {
            foreach (var sentence in wanted)
            {
                try
                {
                    if (await analysis.ExplainAsync(sentence, mode, token) is { } explanation) made[sentence.Start] = explanation;
                }
                catch (InferenceBusyException)
                {
                    note = $"Heatmaps: the model was busy, so {wanted.Count - made.Count:N0} flagged sentences have none; make the report again later.";
                    break;
                }
            }
            return made.Count;
        }

        if (usage is null)
        {
            await Run(cancellationToken);
            return (made, note);
        }
        var (_, refusal) = await usage.RunAsync(userId, channel, mode, wanted.Sum(s => s.Length), Run,
            (count, elapsed) => new UsageMeasure(UsageOutcomes.Ok, count, elapsed.TotalMilliseconds), cancellationToken);
        return refusal is null ? (made, note) : (made, $"Heatmaps were left out: {refusal.Message}");
    }
}
