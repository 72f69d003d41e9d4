using System.Globalization;
using BiasApp.Core.Analysis;
using BiasApp.Core.Batches;
using BiasApp.Core.Documents;

namespace BiasApp.Core.Reports;

/// <summary>
/// Builds the <see cref="Report"/> of an analysis (a pasted text or an uploaded document) and the parts every report shares:
/// the method and "how to read this". Batches: <see cref="BatchReportBuilder"/>. Pure: the caller brings the explanations.
/// </summary>
public static class ReportBuilder
{
    /// <summary>
    /// The report of <paramref name="analysis"/>: its summary, the rate of each kind and of flagged sentences per social group
    /// (with Wilson intervals), the sections of a document, the flagged sentences (at most <paramref name="maxFlagged"/>, the
    /// highest scores, in text order) with their heatmaps, the method and how to read it.
    /// </summary>
    public static Report ForAnalysis(DocumentAnalysis analysis, ReportMethod method, DateTimeOffset now, int maxFlagged, string? heatmapNote = null)
    {
        var sentences = analysis.Sentences;
        var scored = sentences.Count(s => !s.IsTooShort);
        var flagged = sentences.Where(s => s.Flagged).ToList();
        var document = analysis.Document;
        var blocks = new List<ReportBlock> { new ReportHeading("Summary", "summary") };
        var summary = analysis.Summary;
        var facts = new List<ReportFact>();
        if (document is not null)
        {
            facts.Add(new("Document", $"{document.Name} ({document.Format})"));
            facts.Add(new("Size", string.Join(", ", new[]
            {
                document.Pages is { } pages ? $"{ReportText.Count(pages)} pages" : null,
                $"{ReportText.Count(document.Paragraphs)} paragraphs",
                $"{ReportText.Count(document.Characters)} characters",
            }.Where(p => p is not null))));
        }
        facts.Add(new("Sentences", $"{ReportText.Count(summary.SentenceCount)} ({ReportText.Count(scored)} scored; the rest have fewer than {ShortSentences.MinWords} words)"));
        facts.Add(new("Flagged", $"{ReportText.Count(summary.FlaggedCount)} ({ReportText.Count(summary.Kinds.Stereotype)} stereotype, {ReportText.Count(summary.Kinds.Portrayal)} portrayal)"));
        facts.Add(new("Reported (not flagged)", ReportText.Count(summary.Kinds.Reported)));
        facts.Add(new("Needs review", ReportText.Count(sentences.Count(s => s.Review))));
        facts.Add(new("Highest score", ReportText.Score(summary.MaxProbability)));
        blocks.Add(new ReportParagraph(summary.FlaggedCount == 0
            ? "No sentence is flagged: none states a stereotype or portrays a person through one, as far as the model can tell."
            : $"{ReportText.Count(summary.FlaggedCount)} of {ReportText.Count(scored)} scored sentences are flagged ({ReportText.Rate(scored == 0 ? 0 : (double)summary.FlaggedCount / scored)})."));
        blocks.Add(new ReportFacts(facts));

        blocks.Add(new ReportHeading("Rates", "rates"));
        blocks.Add(new ReportChart("Sentences of each kind",
            [.. BatchStatistics.RatedKinds.Select(kind => Bar(ReportText.KindText(kind), sentences.Count(s => !s.IsTooShort && s.Kind == kind), scored))],
            $"Share of the {ReportText.Count(scored)} scored sentences; whiskers: 95% interval (Wilson); a circle on the axis: 0%. Stereotype and portrayal flag a sentence, reported does not."));
        var axes = flagged.Where(s => s.Axis is not null).GroupBy(s => s.Axis!).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
        if (axes.Count > 0)
        {
            blocks.Add(new ReportChart("Flagged sentences per social group",
                [.. axes.Select(g => Bar(g.Key, g.Count(), scored))],
                "Share of the scored sentences flagged about each group (the model's most likely group of a flagged sentence); whiskers: 95% interval (Wilson)."));
        }
        else
        {
            blocks.Add(new ReportParagraph("No flagged sentence names a social group the model could tell, so there is no rate per group.", Note: true));
        }

        if (document is not null)
        {
            var sections = DocumentSections.Of(sentences);
            blocks.Add(new ReportHeading("Sections", "sections"));
            blocks.Add(new ReportTable(["Section", "Page", "Sentences", "Flagged", "Needs review", "Highest score"],
                [.. sections.Select(s => (IReadOnlyList<ReportCell>)[s.Heading ?? "(before the first heading)", s.FirstPage?.ToString(CultureInfo.InvariantCulture) ?? "",
                    ReportText.Count(s.Sentences), ReportText.Count(s.Flagged), ReportText.Count(s.Review), ReportText.Score(s.MaxProbability)])], "sections-table"));
        }

        var shown = flagged.OrderByDescending(s => s.Probability).ThenBy(s => s.Start).Take(maxFlagged).OrderBy(s => s.Start).ToList();
        blocks.Add(new ReportHeading("Flagged sentences", "flagged"));
        blocks.Add(new ReportParagraph(FlaggedIntro(shown.Count, flagged.Count, "sentences", "in text order") + (heatmapNote is null ? "" : " " + heatmapNote)));
        if (shown.Count > 0)
        {
            blocks.Add(new ReportFlagged([.. shown.Select(s => new FlaggedSentence(s.Text, s.Location is { } l ? Where(l) : "", s.Kind, s.Probability, s.Review, s.Explanation, s.Start))]));
        }
        blocks.AddRange(Method(method));
        blocks.AddRange(HowToRead(document is null ? "sentence" : "document"));
        var title = document is null ? "Stereotype report: pasted text" : $"Stereotype report: {document.Name}";
        return new Report(title, $"Analysed {ReportText.Date(method.AnalysedAt)} with {method.Model.Name} {method.Model.Version}", now, blocks);
    }

    /// <summary>"p. 3 · ¶ 2 · Hiring", as the page writes a sentence's place in a document.</summary>
    public static string Where(SentenceLocation location)
    {
        var parts = new List<string>(3);
        if (location.Page is { } page) parts.Add($"p. {page}");
        parts.Add($"¶ {location.Paragraph}");
        if (location.Heading is { } heading) parts.Add(ReportText.Clip(heading, 60));
        return string.Join(" · ", parts);
    }

    internal static ReportBar Bar(string label, int count, int of)
    {
        var interval = BatchStatistics.Wilson(count, of);
        return new ReportBar(label, count, of, of == 0 ? 0 : (double)count / of, interval.Lower, interval.Upper);
    }

    internal static string FlaggedIntro(int shown, int total, string what, string order) =>
        total == 0 ? $"No {what} are flagged."
        : total == 1 ? "The one flagged sentence."
        : shown == total ? $"All {ReportText.Count(total)} flagged {what}, {order}."
        : $"The {ReportText.Count(shown)} highest-scoring of {ReportText.Count(total)} flagged {what}, {order}; the exports list them all.";

    /// <summary>The method: model, threshold, explanations, dates, and the model's measured limits.</summary>
    internal static IEnumerable<ReportBlock> Method(ReportMethod method)
    {
        yield return new ReportHeading("Method", "method");
        var settings = method.Settings;
        yield return new ReportFacts(
        [
            new("Model", $"{method.Model.Name} {method.Model.Version}" + (method.Mode == "rules" ? " (rules mode: the model was off, the rule lexicon answered)" : "")),
            new("Threshold", $"{method.Threshold.ToString("0.##", CultureInfo.InvariantCulture)}: a sentence with P(stereotype) at or above it has the content label stereotype; its kind (stereotype, portrayal, reported, none) comes from the model's kind head"),
            new("Explanations", method.Explanations),
            new("Explanation settings", $"SHAP: Owen values, {settings.ShapBudget} model evaluations per sentence; LIME: {settings.LimeSamples} samples (or SHAP's coalitions when both run), kernel width {settings.LimeKernelWidth.ToString("0.##", CultureInfo.InvariantCulture)}; at most {settings.MaxWords} words per sentence; seed {settings.Seed}"),
            new("Analysed", ReportText.Date(method.AnalysedAt)),
        ]);
        var limits = method.Card is { } card ? ModelLimits.Of(card) : [];
        if (method.Card is { } loaded && limits.Count > 0)
        {
            var other = loaded.Version != method.Model.Version ? $" These are the figures of {loaded.Name} {loaded.Version}, the model loaded now; this result was scored by {method.Model.Version}." : "";
            yield return new ReportParagraph($"Measured limits of the model (from its model.json, on data it was not trained on).{other}");
            yield return new ReportTable(["Measure", "Figure", "Target"],
                [.. limits.Select(l => (IReadOnlyList<ReportCell>)[l.Measure, l.Value, l.Target ?? ""])], "limits-table");
        }
        else
        {
            yield return new ReportParagraph("No measured limits: no model is loaded, or its model.json lists no figures for its version.", Note: true);
        }
    }

    /// <summary>A short guide to the report.</summary>
    internal static IEnumerable<ReportBlock> HowToRead(string unit)
    {
        yield return new ReportHeading("How to read this", "how-to-read");
        yield return new ReportList(
        [
            "A flagged sentence states a stereotype about a social group (kind stereotype) or describes particular people through a trait tied to their group (portrayal). A reported stereotype (quoted, denied, asked about) is counted but not flagged.",
            "The score is the model's probability that the sentence states a stereotype. It is an estimate from a small model, not a verdict: read the flagged sentences before acting on them, and see the measured limits above for how often it errs.",
            unit == "row"
                ? "A rate is the share of rows with at least one flagged sentence. The 95% interval (Wilson) is the range of rates consistent with these rows; where two intervals overlap a lot, the difference may be chance. The tests say so formally."
                : "A rate is a share of the scored sentences. The 95% interval (Wilson) is the range consistent with this text; with few sentences it is wide.",
            "In a heatmap each word is tinted by its contribution to the score: orange (solid underline) pushes towards \"stereotype\", blue (dashed) away from it; a stronger colour is a larger share of the sentence's largest contribution. SHAP values add up from the score with every word removed to the sentence's score; LIME fits a local linear model. Agreement compares the two (1 = identical).",
            "\"Needs review\" marks a sentence the model did not flag while a high-severity rule of the lexicon fired: a person should look.",
        ]);
    }
}
