using System.Globalization;
using System.Text;
using BiasApp.Core.Batches;
using CsvHelper;
using CsvHelper.Configuration;

namespace BiasApp.Batches;

/// <summary>What an upload holds.</summary>
public enum BatchInputFormat
{
    /// <summary>CSV with a header row; one text column and an optional group column.</summary>
    Csv,

    /// <summary>Plain text, one text per line; blank lines are skipped.</summary>
    Lines,
}

/// <summary>Input that cannot become a batch; <see cref="Field"/> names the form field at fault, <see cref="Status"/> the HTTP status.</summary>
public sealed class BatchInputException(string field, string message, int status = StatusCodes.Status400BadRequest) : Exception(message)
{
    public string Field { get; } = field;
    public int Status { get; } = status;
}

/// <summary>Decodes and parses batch uploads (CSV through CsvHelper, or one text per line).</summary>
public static class BatchInput
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Decodes strict UTF-8, dropping a BOM. Throws <see cref="BatchInputException"/> for UTF-16 or invalid bytes.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) bytes = bytes[3..];
        else if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            throw new BatchInputException("file", "The file is UTF-16; save it as UTF-8 and upload it again.");
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw new BatchInputException("file",
                $"The file is not valid UTF-8 (first bad byte at offset {ex.Index:N0}); save it as UTF-8 and upload it again.");
        }
    }

    /// <summary>Column names of the CSV's header row. Throws <see cref="BatchInputException"/> for an empty or malformed file.</summary>
    public static IReadOnlyList<string> ReadHeader(string csv)
    {
        RequireContent(csv);
        using var reader = new CsvReader(new StringReader(csv), Configuration());
        try
        {
            if (!reader.Read() || !reader.ReadHeader() || reader.HeaderRecord is not { Length: > 0 } header)
                throw new BatchInputException("file", "The CSV has no header row.");
            return header;
        }
        catch (CsvHelperException ex)
        {
            throw Malformed(ex);
        }
    }

    /// <summary>
    /// Rows of <paramref name="csv"/>: <paramref name="textColumn"/> as the text and, when given, <paramref name="groupColumn"/>
    /// as the group (both matched case-insensitively). Rows with a blank text are skipped. At most <paramref name="maxRows"/> rows (413 beyond).
    /// </summary>
    public static IReadOnlyList<BatchInputRow> ParseCsv(string csv, string? textColumn, string? groupColumn, int maxRows)
    {
        var header = ReadHeader(csv);
        if (string.IsNullOrWhiteSpace(textColumn))
            throw new BatchInputException("textColumn", $"Choose the text column; the header has: {string.Join(", ", header)}.");
        var textIndex = ColumnIndex(header, textColumn, "textColumn");
        var groupIndex = string.IsNullOrWhiteSpace(groupColumn) ? -1 : ColumnIndex(header, groupColumn, "groupColumn");

        var rows = new List<BatchInputRow>();
        using var reader = new CsvReader(new StringReader(csv), Configuration());
        try
        {
            reader.Read();
            reader.ReadHeader();
            while (reader.Read())
            {
                var fields = reader.Parser.Count;
                if (fields <= Math.Max(textIndex, groupIndex))
                    throw new BatchInputException("file",
                        $"Line {reader.Parser.RawRow:N0} has {fields} field(s) but the header has {header.Count}; check its quotes and commas.");
                var text = reader.GetField(textIndex);
                if (string.IsNullOrWhiteSpace(text)) continue;
                var group = groupIndex < 0 ? null : reader.GetField(groupIndex)?.Trim();
                Add(rows, text.Trim(), string.IsNullOrEmpty(group) ? null : group, maxRows);
            }
        }
        catch (CsvHelperException ex)
        {
            throw Malformed(ex);
        }
        return RequireRows(rows);
    }

    /// <summary>One row per non-blank line of <paramref name="text"/>. At most <paramref name="maxRows"/> rows (413 beyond).</summary>
    public static IReadOnlyList<BatchInputRow> ParseLines(string text, int maxRows)
    {
        RequireContent(text);
        var rows = new List<BatchInputRow>();
        using var reader = new StringReader(text);
        while (reader.ReadLine() is { } line)
        {
            if (!string.IsNullOrWhiteSpace(line)) Add(rows, line.Trim(), null, maxRows);
        }
        return RequireRows(rows);
    }

    /// <summary>Decodes <paramref name="bytes"/> and parses them as <paramref name="format"/>.</summary>
    public static IReadOnlyList<BatchInputRow> Parse(ReadOnlySpan<byte> bytes, BatchInputFormat format, string? textColumn, string? groupColumn, int maxRows)
    {
        var text = Decode(bytes);
        return format == BatchInputFormat.Csv ? ParseCsv(text, textColumn, groupColumn, maxRows) : ParseLines(text, maxRows);
    }

    /// <summary>CSV for names ending in .csv or a CSV content type; lines otherwise.</summary>
    public static BatchInputFormat GuessFormat(string? fileName, string? contentType) =>
        fileName?.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) == true
        || contentType?.Contains("csv", StringComparison.OrdinalIgnoreCase) == true
            ? BatchInputFormat.Csv : BatchInputFormat.Lines;

    private static CsvConfiguration Configuration() => new(CultureInfo.InvariantCulture)
    {
        DetectDelimiter = true,
        IgnoreBlankLines = true,
        // Short rows are reported with their line number above, rather than as CsvHelper's missing-field message.
        MissingFieldFound = null,
    };

    private static int ColumnIndex(IReadOnlyList<string> header, string column, string field)
    {
        for (var i = 0; i < header.Count; i++)
        {
            if (string.Equals(header[i].Trim(), column.Trim(), StringComparison.OrdinalIgnoreCase)) return i;
        }
        throw new BatchInputException(field, $"Column '{column}' is not in the CSV; its header has: {string.Join(", ", header)}.");
    }

    private static void Add(List<BatchInputRow> rows, string text, string? group, int maxRows)
    {
        if (rows.Count >= maxRows)
            throw new BatchInputException("file", $"The input has more than {maxRows:N0} rows, the limit per batch.", StatusCodes.Status413PayloadTooLarge);
        rows.Add(new BatchInputRow(rows.Count, text, group));
    }

    private static void RequireContent(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new BatchInputException("file", "The input is empty.");
    }

    private static IReadOnlyList<BatchInputRow> RequireRows(List<BatchInputRow> rows) =>
        rows.Count > 0 ? rows : throw new BatchInputException("file", "The input has no texts to score.");

    private static BatchInputException Malformed(CsvHelperException ex)
    {
        var line = ex.Context?.Parser?.RawRow;
        return new BatchInputException("file", line is > 0
            ? $"The CSV is malformed near line {line:N0} (check quotes and delimiters)."
            : "The CSV is malformed (check quotes and delimiters).");
    }
}
