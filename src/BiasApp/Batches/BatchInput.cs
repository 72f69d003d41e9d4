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
    /// as the group (both matched case-insensitively), each with its spreadsheet row number (the header is row 1) and the
    /// values of <paramref name="passThrough"/> (null: every column but the text column; empty: none). Rows with a blank
    /// text, or one longer than <paramref name="maxTextLength"/>, are skipped and reported. At most <paramref name="maxRows"/>
    /// rows to score (413 beyond). Stops with <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires.
    /// </summary>
    public static BatchUpload ParseCsv(string csv, string? textColumn, string? groupColumn, int maxRows,
        int maxTextLength = int.MaxValue, IReadOnlyList<string>? passThrough = null, CancellationToken cancellationToken = default)
    {
        var header = ReadHeader(csv);
        if (string.IsNullOrWhiteSpace(textColumn))
            throw new BatchInputException("textColumn", $"Choose the text column; the header has: {string.Join(", ", header)}.");
        // One lookup per chosen column: a wide header with every column carried stays linear.
        var columnIndex = ColumnIndexes(header);
        var textIndex = ColumnIndex(columnIndex, header, textColumn, "textColumn");
        var groupIndex = string.IsNullOrWhiteSpace(groupColumn) ? -1 : ColumnIndex(columnIndex, header, groupColumn, "groupColumn");
        var carried = (passThrough is null
                ? Enumerable.Range(0, header.Count).Where(i => i != textIndex)
                : passThrough.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => ColumnIndex(columnIndex, header, c, "passThrough")))
            // A name used twice in the header is carried once, as its first column.
            .DistinctBy(i => header[i], StringComparer.Ordinal).Order().ToArray();
        var needed = Math.Max(textIndex, groupIndex);

        var upload = new UploadBuilder(maxRows, maxTextLength);
        using var reader = new CsvReader(new StringReader(csv), Configuration());
        try
        {
            reader.Read();
            reader.ReadHeader();
            // The header is row 1; a blank line is a (blank) row too, as a spreadsheet shows it.
            var sourceRow = 1;
            while (reader.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                sourceRow++;
                var fields = reader.Parser.Count;
                if (IsBlankRecord(reader.Parser))
                {
                    upload.Skip(sourceRow, SkipReasons.Blank);
                    continue;
                }
                if (fields <= needed)
                    throw new BatchInputException("file",
                        $"Line {reader.Parser.RawRow:N0} has {fields} field(s) but the header has {header.Count}; check its quotes and commas.");
                var text = reader.GetField(textIndex);
                var group = groupIndex < 0 ? null : reader.GetField(groupIndex)?.Trim();
                Dictionary<string, string>? columns = null;
                if (carried.Length > 0)
                {
                    columns = new Dictionary<string, string>(carried.Length);
                    foreach (var i in carried) columns[header[i]] = i < fields ? reader.GetField(i) ?? "" : "";
                }
                upload.Add(sourceRow, text, string.IsNullOrEmpty(group) ? null : group, columns);
            }
        }
        catch (CsvHelperException ex)
        {
            throw Malformed(ex);
        }
        return upload.Build(carried.Select(i => header[i]).ToArray());
    }

    /// <summary>
    /// The text and group columns of <paramref name="csv"/> for a request: <paramref name="textColumn"/>, or when it is blank
    /// the column the batch page preselects (<see cref="CsvPreview.DefaultTextColumn"/>); <paramref name="groupColumn"/>, or
    /// when it is null (not sent) the page's preselection (<see cref="CsvPreview.DefaultGroupColumn"/>). An empty group
    /// column means none.
    /// </summary>
    public static (string TextColumn, string? GroupColumn) ChooseColumns(string csv, string? textColumn, string? groupColumn,
        CancellationToken cancellationToken = default)
    {
        if (!string.IsNullOrWhiteSpace(textColumn) && groupColumn is not null) return (textColumn, groupColumn);
        var preview = Preview(csv, firstRows: 0, cancellationToken);
        return (string.IsNullOrWhiteSpace(textColumn) ? preview.DefaultTextColumn : textColumn, groupColumn ?? preview.DefaultGroupColumn);
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

    /// <summary>Decodes <paramref name="bytes"/> and parses them as <paramref name="format"/>.</summary>
    public static BatchUpload Parse(ReadOnlySpan<byte> bytes, BatchInputFormat format, string? textColumn, string? groupColumn, int maxRows,
        int maxTextLength = int.MaxValue, IReadOnlyList<string>? passThrough = null, CancellationToken cancellationToken = default)
    {
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
        var profiles = header.Select(_ => new ColumnStats()).ToArray();
        var first = new List<IReadOnlyList<string>>();
        var rows = 0;
        using var reader = new CsvReader(new StringReader(csv), Configuration());
        try
        {
            reader.Read();
            reader.ReadHeader();
            while (reader.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                // Blank lines are rows, as ParseCsv numbers and skips them, so the counts agree.
                rows++;
                var record = reader.Parser.Record ?? [];
                if (first.Count < firstRows) first.Add(header.Select((_, i) => i < record.Length ? record[i] : "").ToArray());
                for (var i = 0; i < header.Count && i < record.Length; i++) profiles[i].Add(record[i]);
            }
        }
        catch (CsvHelperException ex)
        {
            throw Malformed(ex);
        }
        return new CsvPreview(header, first, header.Select((name, i) => profiles[i].ToProfile(name)).ToArray(), rows);
    }

    /// <summary>CSV for names ending in .csv or a CSV content type; lines otherwise.</summary>
    public static BatchInputFormat GuessFormat(string? fileName, string? contentType) =>
        fileName?.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) == true
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

    private static int ColumnIndex(Dictionary<string, int> indexes, IReadOnlyList<string> header, string column, string field) =>
        indexes.TryGetValue(column.Trim(), out var index) ? index
        : throw new BatchInputException(field, $"Column '{column}' is not in the CSV; its header has: {string.Join(", ", header)}.");

    private static bool IsBlankRecord(IParser parser) => parser.Record is not { } record || record.All(string.IsNullOrWhiteSpace);

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

        public void Add(int sourceRow, string? text, string? group, IReadOnlyDictionary<string, string>? columns)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                Skip(sourceRow, SkipReasons.Blank);
                return;
            }
            text = text.Trim();
            if (text.Length > maxTextLength)
            {
                Skip(sourceRow, SkipReasons.TooLong);
                return;
            }
            if (_rows.Count >= maxRows)
                throw new BatchInputException("file", $"The input has more than {maxRows:N0} rows, the limit per batch.", StatusCodes.Status413PayloadTooLarge);
            _rows.Add(new BatchUploadRow(_rows.Count, sourceRow, text, group, columns));
        }

        /// <summary>True before any row, scored or skipped, was added.</summary>
        public bool IsEmpty => _rows.Count == 0 && _skippedCount == 0;

        public void Skip(int sourceRow, string reason)
        {
            _skippedCount++;
            if (_skipped.Count < BatchUpload.MaxSkippedListed) _skipped.Add(new SkippedRow(sourceRow, reason));
        }

        public BatchUpload Build(IReadOnlyList<string> passThroughColumns)
        {
            if (_rows.Count > 0) return new BatchUpload(_rows, _skippedCount, _skipped, passThroughColumns);
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
