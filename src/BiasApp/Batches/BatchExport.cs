using BiasApp.Api;
using BiasApp.Data;
using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using BiasApp.Core.Batches;
using CsvHelper;

namespace BiasApp.Batches;

/// <summary>Writes results as NDJSON, CSV (one line per sentence) or one JSON document, streaming row by row.</summary>
public static class BatchExport
{
    /// <summary>Export formats and their content types.</summary>
    public static readonly IReadOnlyDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["ndjson"] = "application/x-ndjson",
        ["csv"] = "text/csv; charset=utf-8",
        ["json"] = "application/json",
    };

    private static readonly ReadOnlyMemory<byte> NewLine = "\n"u8.ToArray();

    /// <summary>One JSON object per line, one line per row.</summary>
    public static async Task WriteNdjsonAsync(Stream output, IAsyncEnumerable<BatchResultRow> rows, CancellationToken cancellationToken)
    {
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            await JsonSerializer.SerializeAsync(output, row, BatchService.Json, cancellationToken);
            await output.WriteAsync(NewLine, cancellationToken);
            await output.FlushAsync(cancellationToken);
        }
    }

    private static readonly string[] CsvColumns =
        ["group", "row_flagged", "row_max_probability", "sentence", "sentence_text", "sentence_probability", "row_label", "sentence_label", "source_row", "row_review", "sentence_review", "row_kind", "kind", "model_kind", "decision_kind"];

    /// <summary>CSV without pass-through columns; see <see cref="WriteCsvAsync(Stream, IAsyncEnumerable{BatchResultRow}, IReadOnlyList{string}, CancellationToken)"/>.</summary>
    public static Task WriteCsvAsync(Stream output, IAsyncEnumerable<BatchResultRow> rows, CancellationToken cancellationToken) =>
        WriteCsvAsync(output, rows, [], cancellationToken);

    /// <summary>
    /// CSV with a header; one line per sentence with its score, plus the row's group, max score and flag. Then
    /// <c>row_label</c> and <c>sentence_label</c>, <c>stereotype</c>, <c>not_stereotype</c> or <c>too_short</c>
    /// (sentence_label is empty for a row without sentences, or one stored before labels were kept); <c>source_row</c>,
    /// the row's number in the uploaded file and the only row number (empty for rows stored before it was kept);
    /// <c>row_review</c> and <c>sentence_review</c>, true where the model passed a sentence while a high-severity rule fired
    /// (the page's <em>needs review</em>); <c>row_kind</c>, the most serious kind among the row's sentences, and <c>kind</c>,
    /// the sentence's kind (stereotype, portrayal, reported or none, as on the page); <c>model_kind</c>, the model's own kind
    /// before any team decision, and <c>decision_kind</c>, the kind a team decision set (empty when none applied); and last the
    /// <paramref name="passThrough"/> columns under their input names (prefixed <c>input_</c> where a name is one of ours).
    /// A cell, header included, that a spreadsheet would read as a formula starts with <c>'</c> (<see cref="SpreadsheetCells"/>).
    /// </summary>
    public static async Task WriteCsvAsync(Stream output, IAsyncEnumerable<BatchResultRow> rows, IReadOnlyList<string> passThrough, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true);
        await using var csv = new CsvWriter(writer, SpreadsheetCells.CsvConfiguration());
        foreach (var name in CsvColumns) csv.WriteField(name);
        foreach (var name in passThrough) csv.WriteField(CsvColumns.Contains(name, StringComparer.OrdinalIgnoreCase) ? "input_" + name : name);
        await csv.NextRecordAsync();
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            for (var i = 0; i < Math.Max(1, row.Sentences.Count); i++)
            {
                var sentence = i < row.Sentences.Count ? row.Sentences[i] : null;
                csv.WriteField(row.Group ?? "");
                csv.WriteField(row.Flagged ? "true" : "false");
                csv.WriteField(row.MaxProbability.ToString("0.######", CultureInfo.InvariantCulture));
                csv.WriteField(sentence is null ? "" : i.ToString(CultureInfo.InvariantCulture));
                csv.WriteField(sentence?.Text ?? row.Text);
                csv.WriteField(sentence?.Probability.ToString("0.######", CultureInfo.InvariantCulture) ?? "");
                csv.WriteField(row.Label);
                csv.WriteField(sentence?.Label ?? "");
                csv.WriteField(row.SourceRow?.ToString(CultureInfo.InvariantCulture) ?? "");
                csv.WriteField(row.Review ? "true" : "false");
                csv.WriteField(sentence is null ? "" : sentence.Review ? "true" : "false");
                csv.WriteField(row.Kind);
                csv.WriteField(sentence?.KindOrLabel ?? "");
                csv.WriteField(sentence?.ModelKind ?? "");
                csv.WriteField(sentence?.Decision?.Kind ?? "");
                foreach (var name in passThrough) csv.WriteField(row.Columns?.GetValueOrDefault(name) ?? "");
                await csv.NextRecordAsync();
            }
        }
        await csv.FlushAsync();
    }

    /// <summary>One JSON document: <c>{ batch, summary, rows: [...] }</c>.</summary>
    public static async Task WriteJsonAsync(Stream output, BatchStatusView batch, BatchSummary summary, IAsyncEnumerable<BatchResultRow> rows, CancellationToken cancellationToken)
    {
        // JsonSerializer.Serialize(Utf8JsonWriter) flushes synchronously, which the response stream refuses; write into a
        // buffer and copy it to the response asynchronously every few rows.
        var buffer = new ArrayBufferWriter<byte>(32 * 1024);
        await using var json = new Utf8JsonWriter(buffer);
        json.WriteStartObject();
        json.WritePropertyName("batch");
        JsonSerializer.Serialize(json, batch, BatchService.Json);
        json.WritePropertyName("summary");
        JsonSerializer.Serialize(json, summary, BatchService.Json);
        json.WriteStartArray("rows");
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            JsonSerializer.Serialize(json, row, BatchService.Json);
            if (buffer.WrittenCount > 16 * 1024) await DrainAsync();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        await DrainAsync();

        async Task DrainAsync()
        {
            json.Flush();
            await output.WriteAsync(buffer.WrittenMemory, cancellationToken);
            buffer.ResetWrittenCount();
        }
    }
}
