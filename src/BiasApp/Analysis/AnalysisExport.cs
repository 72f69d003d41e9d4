using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using BiasApp.Api;
using BiasApp.Core.Analysis;
using CsvHelper;

namespace BiasApp.Analysis;

/// <summary>An analysis result as the page's CSV, JSON and clipboard exports write it.</summary>
public static class AnalysisExport
{
    // As the API writes JSON (camelCase names and enums), indented for reading.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private static readonly string[] Columns = ["sentence", "start", "length", "text", "label", "probability", "review", "axis", "axis_probability", "rules", "kind", "flagged"];

    // An uploaded document's sentences carry their location as three more columns.
    private static readonly string[] LocationColumns = ["page", "paragraph", "heading"];

    private static IEnumerable<string> ColumnsOf(DocumentAnalysis result) => result.Document is null ? Columns : Columns.Concat(LocationColumns);

    /// <summary>
    /// One line per sentence in document order: its number (from 1), offset and length in the text, the sentence, label,
    /// P(stereotype), needs-review flag, axis (only where flagged or needing review, as the page shows it) and the ids of
    /// the rules that fired, separated by <c>;</c>, then the kind and whether it flags the sentence. A cell that a spreadsheet would read as a formula starts with <c>'</c>
    /// (<see cref="SpreadsheetCells"/>). For an uploaded document, then its page (empty but for PDF), paragraph and heading.
    /// </summary>
    public static string ToCsv(DocumentAnalysis result)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = new CsvWriter(writer, SpreadsheetCells.CsvConfiguration()))
        {
            foreach (var column in ColumnsOf(result)) csv.WriteField(column);
            csv.NextRecord();
            for (var i = 0; i < result.Sentences.Count; i++)
            {
                foreach (var field in Fields(i, result.Sentences[i])) csv.WriteField(field);
                csv.NextRecord();
            }
        }
        return writer.ToString();
    }

    /// <summary>
    /// The same columns tab-separated (tabs and line breaks inside a sentence become spaces), to paste into a spreadsheet;
    /// a cell it would read as a formula starts with <c>'</c>, as in the CSV.
    /// </summary>
    public static string ToTabSeparated(DocumentAnalysis result) =>
        string.Join("\n", result.Sentences.Select((s, i) => string.Join('\t', Fields(i, s).Select(f => SpreadsheetCells.Neutralise(f.ReplaceLineEndings(" ").Replace('\t', ' ')))))
            .Prepend(string.Join('\t', ColumnsOf(result)))) + "\n";

    /// <summary>The analysed <paramref name="text"/> and the result as <c>POST /api/v1/analyze</c> returns it: <c>{ text, sentences, summary, model, mode, explain }</c>.</summary>
    public static string ToJson(string text, DocumentAnalysis result)
    {
        var node = new JsonObject { ["text"] = text };
        foreach (var (name, value) in JsonSerializer.SerializeToNode(result, Json)!.AsObject().ToList())
            node[name] = value?.DeepClone();
        return node.ToJsonString(Json);
    }

    private static IEnumerable<string> Fields(int index, AnalyzedSentence s)
    {
        var showAxis = AnalyzePageState.IsFlaggedOrReview(s) && s.Axis is not null;
        yield return (index + 1).ToString(CultureInfo.InvariantCulture);
        yield return s.Start.ToString(CultureInfo.InvariantCulture);
        yield return s.Length.ToString(CultureInfo.InvariantCulture);
        yield return s.Text;
        yield return s.Label;
        yield return s.Probability.ToString("0.####", CultureInfo.InvariantCulture);
        yield return s.Review ? "true" : "false";
        yield return showAxis ? s.Axis! : "";
        yield return showAxis && s.AxisProbability is { } p ? p.ToString("0.####", CultureInfo.InvariantCulture) : "";
        yield return string.Join(';', (s.RuleHits ?? []).Select(h => h.RuleId).Distinct());
        yield return s.Kind;
        yield return s.Flagged ? "true" : "false";
        if (s.Location is not { } location) yield break;
        yield return location.Page?.ToString(CultureInfo.InvariantCulture) ?? "";
        yield return location.Paragraph.ToString(CultureInfo.InvariantCulture);
        yield return location.Heading ?? "";
    }
}
