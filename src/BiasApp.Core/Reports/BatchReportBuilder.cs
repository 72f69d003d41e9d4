using System.Globalization;
using BiasApp.Core.Batches;

namespace BiasApp.Core.Reports;

/// <summary>What a batch report is made of; the host reads it from the database.</summary>
/// <param name="Name">The batch's name (its file name).</param>
/// <param name="RowsSkipped">Input rows not scored (blank or too long).</param>
/// <param name="Summary">Rates overall, per group, per kind and, with a compare column, the comparison.</param>
/// <param name="Flagged">The flagged sentences shown, highest scores first, with explanations where made.</param>
/// <param name="FlaggedTotal">Flagged sentences in the batch.</param>
public sealed record BatchReportInput(string Name, int RowsSkipped, BatchSummary Summary, IReadOnlyList<FlaggedSentence> Flagged, int FlaggedTotal);

/// <summary>One scored row of a batch as a report reads it.</summary>
/// <param name="Row">Its number in the uploaded file (the source row).</param>
/// <param name="Group">Its group; null for none.</param>
/// <param name="Compare">Its value in the compare column; null for none.</param>
/// <param name="Flagged">True when a sentence of it is flagged.</param>
/// <param name="Sentences">Its scored sentences.</param>
public sealed record BatchReportRow(int Row, string? Group, string? Compare, bool Flagged, IReadOnlyList<ScoredSentence> Sentences);

/// <summary>Builds the <see cref="Report"/> of a finished batch. Pure.</summary>
public static class BatchReportBuilder
{
    /// <summary>
    /// Reads <paramref name="rows"/> once: the summary (rates overall, per group and per kind, and the comparison of
    /// <paramref name="compareColumn"/>) and the flagged sentences, the <paramref name="maxFlagged"/> highest scores first,
    /// without explanations, each with where it is ("row 17 · gender · llm: GPT-4o").
    /// </summary>
    public static BatchReportInput Gather(string name, int rowsSkipped, IEnumerable<BatchReportRow> rows, string? compareColumn, int maxFlagged)
    {
        var rates = new List<(string? Group, string? Compare, bool Flagged)>();
        var kinds = new List<(string? Group, IReadOnlyCollection<string> Kinds)>();
        var flagged = new List<(BatchReportRow Row, ScoredSentence Sentence)>();
        foreach (var row in rows)
        {
            rates.Add((row.Group, row.Compare, row.Flagged));
            kinds.Add((row.Group, ScoredRow.KindsOf(row.Sentences)));
            flagged.AddRange(row.Sentences.Where(s => Analysis.Kinds.Flags(s.KindOrLabel)).Select(s => (row, s)));
        }
        var summary = BatchStatistics.Summarize(rates, compareColumn) with { Kinds = BatchStatistics.KindRates(kinds) };
        var shown = flagged.OrderByDescending(f => f.Sentence.Probability).ThenBy(f => f.Row.Row).Take(maxFlagged)
            .Select(f => new FlaggedSentence(f.Sentence.Text, Where(f.Row, compareColumn), f.Sentence.KindOrLabel, f.Sentence.Probability, f.Sentence.Review, null))
            .ToList();
        return new BatchReportInput(name, rowsSkipped, summary, shown, flagged.Count);
    }

    private static string Where(BatchReportRow row, string? compareColumn)
    {
        var parts = new List<string> { $"row {row.Row.ToString(CultureInfo.InvariantCulture)}" };
        if (!string.IsNullOrEmpty(row.Group)) parts.Add(row.Group);
        if (compareColumn is not null && row.Compare is { } value) parts.Add($"{compareColumn}: {value}");
        return string.Join(" · ", parts);
    }

    /// <summary>Most significant pairs listed; the rest are in the summary JSON.</summary>
    public const int MaxPairs = 20;

    /// <summary>
    /// The report of a batch: the overall rate, rates per group and per kind with Wilson intervals (charts and tables), the
    /// comparison when the batch has a compare column, the flagged sentences of <paramref name="input"/> with their
    /// heatmaps, the method and how to read it.
    /// </summary>
    public static Report Build(BatchReportInput input, ReportMethod method, DateTimeOffset now, string? heatmapNote = null)
    {
        var summary = input.Summary;
        var overall = summary.Overall;
        var blocks = new List<ReportBlock>
        {
            new ReportHeading("Summary", "summary"),
            new ReportParagraph($"Stereotype rate: {ReportText.RateWithInterval(overall.Rate, overall.Lower, overall.Upper)}. {ReportText.Count(overall.Flagged)} of {ReportText.Count(overall.Rows)} rows have a flagged sentence (a stereotype or a portrayal)."),
            new ReportFacts(
            [
                new("Batch", input.Name),
                new("Rows scored", ReportText.Count(overall.Rows)),
                new("Rows skipped", input.RowsSkipped == 0 ? "none" : $"{ReportText.Count(input.RowsSkipped)} (blank or too long)"),
                new("Rows flagged", ReportText.Count(overall.Flagged)),
                new("Flagged sentences", ReportText.Count(input.FlaggedTotal)),
                new("Groups", summary.Groups.Count(g => g.Group != BatchStatistics.UngroupedGroup) is var named and > 0 ? ReportText.Count(named) : "none"),
                new("Compared by", summary.CompareColumn ?? "none"),
            ]),
            new ReportHeading("Rates", "rates"),
        };
        var grouped = summary.Groups.Count > 1 || summary.Groups.Any(g => g.Group != BatchStatistics.UngroupedGroup);
        if (grouped)
        {
            blocks.Add(new ReportChart("Stereotype rate per group", [.. summary.Groups.Select(g => new ReportBar(g.Group, g.Flagged, g.Rows, g.Rate, g.Lower, g.Upper))],
                "Bars: the share of each group's rows flagged; whiskers: its 95% interval (Wilson); a circle on the axis: 0%."));
            blocks.Add(new ReportTable(["Group", "Rows", "Flagged", "Rate", "95% CI (Wilson)"],
                [.. summary.Groups.Select(g => Row(g.Group, g.Rows, g.Flagged, g.Rate, g.Lower, g.Upper))], "group-rates"));
        }
        else
        {
            blocks.Add(new ReportParagraph("The batch has no group column, so there is one rate, above.", Note: true));
        }
        if (summary.Kinds.Count > 0)
        {
            blocks.Add(new ReportChart("Rows with a sentence of each kind",
                [.. BatchStatistics.RatedKinds.Select(kind => summary.Kinds.First(k => k.Kind == kind && k.Group == BatchStatistics.OverallGroup))
                    .Select(k => new ReportBar(ReportText.KindText(k.Kind), k.Count, k.Rows, k.Rate, k.Lower, k.Upper))],
                "A row counts under every kind it holds; stereotype and portrayal flag it, reported does not. Whiskers: 95% interval (Wilson)."));
            blocks.Add(new ReportTable(["Rows with a sentence of each kind", .. BatchStatistics.RatedKinds.Select(ReportText.KindText)],
                [.. summary.Kinds.Select(k => k.Group).Distinct().Select(group => (IReadOnlyList<ReportCell>)
                    [group == BatchStatistics.OverallGroup ? "All rows" : group,
                     .. BatchStatistics.RatedKinds.Select(kind => summary.Kinds.First(k => k.Kind == kind && k.Group == group))
                        .Select(k => new ReportCell($"{ReportText.Rate(k.Rate)} ({ReportText.Rate(k.Lower)}–{ReportText.Rate(k.Upper)})"))])], "kind-rates"));
        }
        if (summary.Compare is { Count: > 0 } compare) blocks.AddRange(Comparison(summary, compare));

        blocks.Add(new ReportHeading("Flagged sentences", "flagged"));
        blocks.Add(new ReportParagraph(ReportBuilder.FlaggedIntro(input.Flagged.Count, input.FlaggedTotal, "sentences", "highest score first") + (heatmapNote is null ? "" : " " + heatmapNote)));
        if (input.Flagged.Count > 0) blocks.Add(new ReportFlagged(input.Flagged));
        blocks.AddRange(ReportBuilder.Method(method));
        blocks.AddRange(ReportBuilder.HowToRead("row"));
        return new Report($"Batch audit: {input.Name}",
            $"{ReportText.Count(overall.Rows)} rows scored with {method.Model.Name} {method.Model.Version}, finished {ReportText.Date(method.AnalysedAt)}", now, blocks);
    }

    private static IEnumerable<ReportBlock> Comparison(BatchSummary summary, IReadOnlyList<CompareRate> compare)
    {
        var column = summary.CompareColumn ?? "value";
        yield return new ReportHeading($"Compared by {column}", "compare");
        yield return new ReportChart($"Stereotype rate per {column}", [.. compare.Select(c => new ReportBar(c.Value, c.Flagged, c.Rows, c.Rate, c.CiLow, c.CiHigh))],
            $"Bars: the share of each {column}'s rows flagged; whiskers: its 95% interval (Wilson); a circle on the axis: 0%.");
        yield return new ReportTable([column, "Rows", "Flagged", "Rate", "95% CI (Wilson)"],
            [.. compare.Select(c => Row(c.Value, c.Rows, c.Flagged, c.Rate, c.CiLow, c.CiHigh))], "compare-table");
        yield return new ReportParagraph(summary.CompareTest is { } test
            ? $"Chi-square test of independence of {column} and flagged: chi-square = {test.ChiSquare.ToString("0.##", CultureInfo.InvariantCulture)}, df = {test.Df}, {ReportText.P(test.PValue)}. "
              + (test.PValue < CompareStatistics.Alpha ? $"The rates differ between the values of {column} (at the 5% level)." : $"No evidence at the 5% level that the rates differ between the values of {column}.")
              + (test.MinExpected < 5 ? $" Some expected counts are below 5 (smallest {test.MinExpected.ToString("0.#", CultureInfo.InvariantCulture)}): the p-value is approximate." : "")
            : "No test: it needs at least two values, and rows both flagged and not.");
        var pairs = summary.ComparePairs ?? [];
        if (pairs.Count > 0)
        {
            var significant = pairs.Where(p => p.Significant).ToList();
            yield return new ReportParagraph($"Two-proportion z-tests of every pair ({ReportText.Count(pairs.Count)}), p-values corrected for the number of pairs (Holm). "
                + (significant.Count == 0 ? "No pair differs at the 5% level after the correction."
                    : $"{ReportText.Count(significant.Count)} pairs differ at the 5% level{(significant.Count > MaxPairs ? $"; the {MaxPairs} most significant:" : ":")}"));
            if (significant.Count > 0)
            {
                double RateOf(string value) => compare.FirstOrDefault(c => c.Value == value)?.Rate ?? 0;
                yield return new ReportList([.. significant.Take(MaxPairs).Select(p =>
                    $"{p.Higher} > {p.Lower} ({ReportText.P(p.PHolm)}; {ReportText.Rate(RateOf(p.Higher))} against {ReportText.Rate(RateOf(p.Lower))})")]);
            }
        }
        if (summary.CompareMatrix is { } matrix && matrix.Select(c => c.Group).Distinct().Count() > 1)
        {
            var groups = matrix.Select(c => c.Group).Distinct().Order(StringComparer.Ordinal).ToList();
            var cells = matrix.ToDictionary(c => (c.Value, c.Group));
            yield return new ReportParagraph($"Rate by {column} and group: each cell is shaded by its rate on a fixed 0–100% scale; a dash marks no rows.", Note: true);
            yield return new ReportTable([column, .. groups],
                [.. compare.Select(c => (IReadOnlyList<ReportCell>)[c.Value, .. groups.Select(g => cells.TryGetValue((c.Value, g), out var cell)
                    ? new ReportCell($"{ReportText.Rate(cell.Rate)} ({ReportText.Count(cell.Flagged)}/{ReportText.Count(cell.Rows)})", cell.Rate)
                    : new ReportCell("–"))])], "compare-matrix");
        }
    }

    private static IReadOnlyList<ReportCell> Row(string name, int rows, int flagged, double rate, double lower, double upper) =>
        [name, ReportText.Count(rows), ReportText.Count(flagged), ReportText.Rate(rate), $"{ReportText.Rate(lower)}–{ReportText.Rate(upper)}"];
}
