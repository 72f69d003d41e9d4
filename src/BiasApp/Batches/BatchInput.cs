using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace BiasApp.Batches;

/// <summary>Decodes and parses batch uploads (CSV through CsvHelper, or one text per line).</summary>
public static class BatchInput
{
    /// <summary>
    /// Most columns in a CSV, or fields in one JSON line, text and group included; JSON lines together may name at most this
    /// many other fields. A wider input is refused (400) as soon as its header, or the line that crosses the limit, is read.
    /// </summary>
    public const int MaxColumns = 1_000;

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

    /// <summary>
    /// Column names of the CSV's header row. Throws <see cref="BatchInputException"/> for an empty or malformed file, or one
    /// with more than <see cref="MaxColumns"/> columns.
    /// </summary>
    public static IReadOnlyList<string> ReadHeader(string csv)
    {
        RequireContent(csv);
        using var reader = new CsvReader(new StringReader(csv), Configuration());
        try
        {
            if (!reader.Read() || !reader.ReadHeader() || reader.HeaderRecord is not { Length: > 0 } header)
                throw new BatchInputException("file", "The CSV has no header row.");
            if (header.Length > MaxColumns)
                throw new BatchInputException("file",
                    $"The CSV has {header.Length:N0} columns; the limit is {MaxColumns:N0}. Remove the columns you do not need and upload it again.");
            return header;
        }
        catch (CsvHelperException ex)
        {
            throw Malformed(ex);
        }
    }

    /// <summary>
    /// Rows of <paramref name="csv"/>: <paramref name="textColumn"/> as the text and, when given, <paramref name="groupColumn"/>
    /// as the group and <paramref name="compareColumn"/> as the value the summary compares (all matched case-insensitively),
    /// each with its spreadsheet row number (the header is row 1) and the values of <paramref name="passThrough"/> (null:
    /// every column but the text column; empty: none; the compare column is always carried). Rows with a blank text, or one
    /// longer than <paramref name="maxTextLength"/>, are skipped and reported. At most <paramref name="maxRows"/> rows to
    /// score (413 beyond). Stops with <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires.
    /// </summary>
    public static BatchUpload ParseCsv(string csv, string? textColumn, string? groupColumn, int maxRows,
        int maxTextLength = int.MaxValue, IReadOnlyList<string>? passThrough = null, CancellationToken cancellationToken = default,
        string? compareColumn = null)
    {
        var header = ReadHeader(csv);
        try
        {
            return ParseTable(new TableColumns(header, "CSV"), CsvRecords(csv),
                new ColumnChoice(textColumn, groupColumn, compareColumn, passThrough), maxRows, maxTextLength, cancellationToken);
        }
        catch (CsvHelperException ex)
        {
            throw Malformed(ex);
        }
    }

    /// <summary>
    /// Rows of a table (a CSV or a sheet) as <see cref="ParseCsv"/> describes them: <paramref name="records"/> are the rows
    /// under <paramref name="columns"/>' header, each with its source row number.
    /// </summary>
    internal static BatchUpload ParseTable(TableColumns columns, IEnumerable<TableRecord> records, ColumnChoice choice, int maxRows,
        int maxTextLength, CancellationToken cancellationToken)
    {
        var header = columns.Header;
        if (string.IsNullOrWhiteSpace(choice.Text))
            throw new BatchInputException("textColumn", $"Choose the text column; the header has: {string.Join(", ", header)}.");
        // One lookup per chosen column: a wide header with every column carried stays linear.
        var columnIndex = ColumnIndexes(header);
        var textIndex = ColumnIndex(columnIndex, columns, choice.Text, "textColumn");
        var groupIndex = string.IsNullOrWhiteSpace(choice.Group) ? -1 : ColumnIndex(columnIndex, columns, choice.Group, "groupColumn");
        var compareIndex = string.IsNullOrWhiteSpace(choice.Compare) ? -1 : ColumnIndex(columnIndex, columns, choice.Compare, "compareColumn");
        var carried = (choice.PassThrough is null
                ? Enumerable.Range(0, header.Count).Where(i => i != textIndex)
                : choice.PassThrough.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => ColumnIndex(columnIndex, columns, c, "passThrough"))
                    // The compare column is always exported, so the results say which source each row came from.
                    .Concat(compareIndex >= 0 && compareIndex != textIndex ? [compareIndex] : []))
            // A name used twice in the header is carried once, as its first column.
            .DistinctBy(i => header[i], StringComparer.Ordinal).Order().ToArray();
        var needed = Math.Max(textIndex, Math.Max(groupIndex, compareIndex));
        var compareValues = new HashSet<string>(StringComparer.Ordinal);

        var upload = new UploadBuilder(maxRows, maxTextLength);
        foreach (var record in records)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var fields = record.Fields;
            if (fields.All(string.IsNullOrWhiteSpace))
            {
                upload.Skip(record.SourceRow, SkipReasons.Blank);
                continue;
            }
            if (fields.Count <= needed)
                throw new BatchInputException("file",
                    $"Line {record.Line:N0} has {fields.Count} field(s) but the header has {header.Count}; check its quotes and commas.");
            var group = groupIndex < 0 ? null : fields[groupIndex].Trim();
            var compare = compareIndex < 0 ? null : fields[compareIndex].Trim();
            Dictionary<string, string>? values = null;
            if (carried.Length > 0)
            {
                values = new Dictionary<string, string>(carried.Length);
                foreach (var i in carried) values[header[i]] = i < fields.Count ? fields[i] : "";
            }
            if (upload.Add(record.SourceRow, fields[textIndex], string.IsNullOrEmpty(group) ? null : group, values,
                    string.IsNullOrEmpty(compare) ? null : compare)
                && compare is { Length: > 0 } && compareValues.Add(compare) && compareValues.Count > Core.Batches.CompareStatistics.MaxValues)
                throw new BatchInputException("compareColumn",
                    $"Column '{header[compareIndex]}' has more than {Core.Batches.CompareStatistics.MaxValues} distinct values; compare a column with at most {Core.Batches.CompareStatistics.MaxValues} (a model, an author, a quarter).");
        }
        return upload.Build(carried.Select(i => header[i]).ToArray(), compareIndex < 0 ? null : header[compareIndex]);
    }

    // The data rows of a CSV, each with its number as a spreadsheet shows it: the header is row 1, and a blank line is a row.
    private static IEnumerable<TableRecord> CsvRecords(string csv)
    {
        using var reader = new CsvReader(new StringReader(csv), Configuration());
        reader.Read();
        reader.ReadHeader();
        var sourceRow = 1;
        while (reader.Read())
        {
            sourceRow++;
            yield return new TableRecord(sourceRow, reader.Parser.Record ?? [], reader.Parser.RawRow);
        }
    }

    /// <summary>
    /// The text and group columns of <paramref name="csv"/> for a request: <paramref name="textColumn"/>, or when it is blank
    /// the column the batch page preselects (<see cref="CsvPreview.DefaultTextColumn"/>); <paramref name="groupColumn"/>, or
    /// when it is null (not sent) the page's preselection (<see cref="CsvPreview.DefaultGroupColumn"/>). An empty group
    /// column means none.
    /// </summary>
    public static (string TextColumn, string? GroupColumn) ChooseColumns(string csv, string? textColumn, string? groupColumn,
        CancellationToken cancellationToken = default) =>
        ChooseColumns(() => Preview(csv, firstRows: 0, cancellationToken), textColumn, groupColumn);

    /// <summary><see cref="ChooseColumns(string, string?, string?, CancellationToken)"/> for any table, previewed only when needed.</summary>
    internal static (string TextColumn, string? GroupColumn) ChooseColumns(Func<CsvPreview> preview, string? textColumn, string? groupColumn)
    {
        if (!string.IsNullOrWhiteSpace(textColumn) && groupColumn is not null) return (textColumn, groupColumn);
        var table = preview();
        return (string.IsNullOrWhiteSpace(textColumn) ? table.DefaultTextColumn : textColumn, groupColumn ?? table.DefaultGroupColumn);
    }

    /// <summary>
    /// One row per non-blank line of <paramref name="text"/>, numbered by its line; blank lines separate and are not rows.
    /// Lines longer than <paramref name="maxTextLength"/> are skipped and reported. At most <paramref name="maxRows"/> rows (413 beyond).
    /// </summary>
    public static BatchUpload ParseLines(string text, int maxRows, int maxTextLength = int.MaxValue, CancellationToken cancellationToken = default)
    {
        RequireContent(text);
        var upload = new UploadBuilder(maxRows, maxTextLength);
        using var reader = new StringReader(text);
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            cancellationToken.ThrowIfCancellationRequested();
            lineNumber++;
            if (!string.IsNullOrWhiteSpace(line)) upload.Add(lineNumber, line, null, null);
        }
        return upload.Build([]);
    }

    /// <summary>Parses <paramref name="bytes"/> as <paramref name="format"/>: an .xlsx workbook's first sheet, or UTF-8 text.</summary>
    public static BatchUpload Parse(ReadOnlySpan<byte> bytes, BatchInputFormat format, string? textColumn, string? groupColumn, int maxRows,
        int maxTextLength = int.MaxValue, IReadOnlyList<string>? passThrough = null, CancellationToken cancellationToken = default)
    {
        if (format == BatchInputFormat.Xlsx)
            return XlsxInput.Read(bytes.ToArray(), null, cancellationToken).Parse(textColumn, groupColumn, maxRows, maxTextLength, passThrough, cancellationToken: cancellationToken);
        var text = Decode(bytes);
        return format == BatchInputFormat.Csv
            ? ParseCsv(text, textColumn, groupColumn, maxRows, maxTextLength, passThrough, cancellationToken)
            : ParseLines(text, maxRows, maxTextLength, cancellationToken);
    }

    /// <summary>
    /// The header, the first <paramref name="firstRows"/> data rows and a profile of every column of <paramref name="csv"/>,
    /// for choosing columns before a batch starts. Throws <see cref="BatchInputException"/> for an empty or malformed file.
    /// </summary>
    public static CsvPreview Preview(string csv, int firstRows = 5, CancellationToken cancellationToken = default)
    {
        var header = ReadHeader(csv);
        try
        {
            return Preview(header, CsvRecords(csv), firstRows, cancellationToken);
        }
        catch (CsvHelperException ex)
        {
            throw Malformed(ex);
        }
    }

    /// <summary>The preview of any table: its header, first rows (blank ones too) and column profiles.</summary>
    internal static CsvPreview Preview(IReadOnlyList<string> header, IEnumerable<TableRecord> records, int firstRows, CancellationToken cancellationToken)
    {
        var profiles = header.Select(_ => new ColumnStats()).ToArray();
        var first = new List<IReadOnlyList<string>>();
        var rows = 0;
        foreach (var record in records)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Blank rows are rows, as ParseTable numbers and skips them, so the counts agree.
            rows++;
            var fields = record.Fields;
            if (first.Count < firstRows) first.Add(header.Select((_, i) => i < fields.Count ? fields[i] : "").ToArray());
            for (var i = 0; i < header.Count && i < fields.Count; i++) profiles[i].Add(fields[i]);
        }
        return new CsvPreview(header, first, header.Select((name, i) => profiles[i].ToProfile(name)).ToArray(), rows);
    }

    /// <summary>Xlsx for names ending in .xlsx or the xlsx content type; CSV for names ending in .csv or a CSV content type; lines otherwise.</summary>
    public static BatchInputFormat GuessFormat(string? fileName, string? contentType) =>
        fileName?.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) == true
        || string.Equals(contentType, XlsxInput.ContentType, StringComparison.OrdinalIgnoreCase)
            ? BatchInputFormat.Xlsx
        : fileName?.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) == true
        || contentType?.Contains("csv", StringComparison.OrdinalIgnoreCase) == true
            ? BatchInputFormat.Csv : BatchInputFormat.Lines;

    private static CsvConfiguration Configuration() => new(CultureInfo.InvariantCulture)
    {
        DetectDelimiter = true,
        // Blank lines are rows (reported as skipped), so row numbers match what a spreadsheet shows.
        IgnoreBlankLines = false,
        // Short rows are reported with their line number above, rather than as CsvHelper's missing-field message.
        MissingFieldFound = null,
    };

    // Header names, trimmed and ignoring case, to their first column.
    private static Dictionary<string, int> ColumnIndexes(IReadOnlyList<string> header)
    {
        var indexes = new Dictionary<string, int>(header.Count, StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Count; i++) indexes.TryAdd(header[i].Trim(), i);
        return indexes;
    }

    private static int ColumnIndex(Dictionary<string, int> indexes, TableColumns columns, string column, string field) =>
        indexes.TryGetValue(column.Trim(), out var index) ? index
        : throw new BatchInputException(field, $"Column '{column}' is not in the {columns.Source}; its header has: {string.Join(", ", columns.Header)}.");

    private static void RequireContent(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new BatchInputException("file", "The input is empty.");
    }

    private static BatchInputException Malformed(CsvHelperException ex)
    {
        var line = ex.Context?.Parser?.RawRow;
        return new BatchInputException("file", line is > 0
            ? $"The CSV is malformed near line {line:N0} (check quotes and delimiters)."
            : "The CSV is malformed (check quotes and delimiters).");
    }

    /// <summary>Collects the rows to score and the skipped ones of one upload.</summary>
    internal sealed class UploadBuilder(int maxRows, int maxTextLength)
    {
        private readonly List<BatchUploadRow> _rows = [];
        private readonly List<SkippedRow> _skipped = [];
        private int _skippedCount;

        /// <summary>Adds a row to score, or skips it (blank, too long); true when it was added.</summary>
        public bool Add(int sourceRow, string? text, string? group, IReadOnlyDictionary<string, string>? columns, string? compare = null)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                Skip(sourceRow, SkipReasons.Blank);
                return false;
            }
            text = text.Trim();
            if (text.Length > maxTextLength)
            {
                Skip(sourceRow, SkipReasons.TooLong);
                return false;
            }
            if (_rows.Count >= maxRows)
                throw new BatchInputException("file", $"The input has more than {maxRows:N0} rows, the limit per batch.", StatusCodes.Status413PayloadTooLarge);
            _rows.Add(new BatchUploadRow(_rows.Count, sourceRow, text, group, columns, compare));
            return true;
        }

        /// <summary>True before any row, scored or skipped, was added.</summary>
        public bool IsEmpty => _rows.Count == 0 && _skippedCount == 0;

        public void Skip(int sourceRow, string reason)
        {
            _skippedCount++;
            if (_skipped.Count < BatchUpload.MaxSkippedListed) _skipped.Add(new SkippedRow(sourceRow, reason));
        }

        public BatchUpload Build(IReadOnlyList<string> passThroughColumns, string? compareColumn = null)
        {
            if (_rows.Count > 0) return new BatchUpload(_rows, _skippedCount, _skipped, passThroughColumns, compareColumn);
            throw new BatchInputException("file", _skippedCount > 0
                ? $"The input has no texts to score: all {_skippedCount:N0} row(s) are blank or longer than {maxTextLength:N0} characters."
                : "The input has no texts to score.");
        }
    }

    private sealed class ColumnStats
    {
        private const int DistinctTracked = 1_000;
        private readonly HashSet<string> _distinct = new(StringComparer.OrdinalIgnoreCase);
        private int _values, _singleWord;
        private long _length;

        public void Add(string value)
        {
            value = value.Trim();
            if (value.Length == 0) return;
            _values++;
            _length += value.Length;
            if (!value.Any(char.IsWhiteSpace)) _singleWord++;
            if (_distinct.Count <= DistinctTracked) _distinct.Add(value);
        }

        public CsvColumnProfile ToProfile(string name) =>
            new(name, _values, _distinct.Count, _singleWord, _values == 0 ? 0 : (double)_length / _values);
    }
}

/// <summary>A table's header and what to call the table in messages ("CSV", "sheet 'Answers'").</summary>
internal sealed record TableColumns(IReadOnlyList<string> Header, string Source);

/// <summary>One data row of a table: its number in the file as a spreadsheet shows it, its fields, and its line (CSV) for messages.</summary>
internal sealed record TableRecord(int SourceRow, IReadOnlyList<string> Fields, long Line);

/// <summary>The columns chosen for a batch: text, group, compare (null or blank: none) and pass-through (null: every column but the text).</summary>
internal sealed record ColumnChoice(string? Text, string? Group, string? Compare, IReadOnlyList<string>? PassThrough);
