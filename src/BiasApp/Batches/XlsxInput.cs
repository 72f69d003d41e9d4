using System.Globalization;
using System.IO.Packaging;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace BiasApp.Batches;

/// <summary>
/// Reads one sheet of an Excel workbook (.xlsx) as a table, through the Open XML SDK: the first non-blank row is the header,
/// every row keeps its sheet row number, and cells come back as a spreadsheet shows them in essence (shared and inline
/// strings as text, numbers in invariant form, dates as ISO dates, booleans as TRUE/FALSE, formulas as their cached value).
/// </summary>
public static class XlsxInput
{
    /// <summary>The content type of an .xlsx file.</summary>
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>Most non-blank cells read from one sheet; a zip expands many times, so the upload size alone does not bound it.</summary>
    public const int MaxCells = 2_000_000;

    /// <summary>Most characters of XML in one part of the workbook (a sheet, the shared strings) once unpacked.</summary>
    public const long MaxCharactersInPart = 100_000_000;

    // Compound File Binary: an encrypted (password-protected) OOXML file, or an Excel 97–2003 .xls.
    private static readonly byte[] CompoundFileMagic = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    // Built-in number formats that show a date or time (ECMA-376 Part 1, 18.8.30).
    private static readonly HashSet<uint> BuiltInDateFormats = [14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47];

    /// <summary>
    /// The sheet <paramref name="sheet"/> (matched by name ignoring case and surrounding blanks; null or blank: the first
    /// sheet) of <paramref name="bytes"/>. Throws <see cref="BatchInputException"/>: 422 for an encrypted or unreadable
    /// workbook, 415 for an old .xls, 400 for an unknown sheet or an empty one or one wider than <see cref="BatchInput.MaxColumns"/>,
    /// 413 beyond <see cref="MaxCells"/> filled cells.
    /// </summary>
    public static XlsxTable Read(byte[] bytes, string? sheet, CancellationToken cancellationToken = default) =>
        Read(bytes, sheet, MaxCharactersInPart, cancellationToken);

    /// <summary><see cref="Read(byte[], string?, CancellationToken)"/> with another limit on a part's unpacked size (413 beyond it).</summary>
    internal static XlsxTable Read(byte[] bytes, string? sheet, long maxCharactersInPart, CancellationToken cancellationToken)
    {
        if (bytes.Length == 0) throw new BatchInputException("file", "The input is empty.");
        if (bytes.AsSpan().StartsWith(CompoundFileMagic))
        {
            throw Encoding.Unicode.GetString(bytes).Contains("EncryptedPackage", StringComparison.Ordinal)
                ? new BatchInputException("file",
                    "The workbook is password-protected (encrypted); remove the password in Excel (File › Info › Protect Workbook › Encrypt with Password), save it and upload it again.",
                    StatusCodes.Status422UnprocessableEntity)
                : new BatchInputException("file", "The file is an Excel 97–2003 workbook (.xls); save it as .xlsx (or CSV) and upload it again.",
                    StatusCodes.Status415UnsupportedMediaType);
        }
        try
        {
            using var document = SpreadsheetDocument.Open(new MemoryStream(bytes, writable: false), false,
                new OpenSettings { MaxCharactersInPart = maxCharactersInPart });
            return ReadSheet(document, sheet, cancellationToken);
        }
        // OpenSettings.MaxCharactersInPart is enforced by the XmlReader (MaxCharactersInDocument): a zip that unpacks too far.
        catch (XmlException ex) when (ex.Message.Contains("MaxCharactersInDocument", StringComparison.Ordinal))
        {
            throw new BatchInputException("file",
                $"The workbook unpacks to more than {maxCharactersInPart:N0} characters in one part; split it and upload the parts.",
                StatusCodes.Status413PayloadTooLarge);
        }
        catch (Exception ex) when (ex is OpenXmlPackageException or FileFormatException or InvalidDataException or XmlException
                                       or InvalidOperationException or FormatException or KeyNotFoundException or ArgumentException)
        {
            throw Unreadable();
        }
    }

    private static XlsxTable ReadSheet(SpreadsheetDocument document, string? sheetName, CancellationToken cancellationToken)
    {
        var workbook = document.WorkbookPart ?? throw Unreadable();
        var sheets = workbook.Workbook?.Sheets?.Elements<Sheet>().Where(s => s.Id?.Value is not null).ToList() ?? [];
        if (sheets.Count == 0) throw Unreadable();
        var names = sheets.Select(s => s.Name?.Value ?? "").ToList();
        var chosen = string.IsNullOrWhiteSpace(sheetName)
            ? sheets[0]
            : sheets.FirstOrDefault(s => string.Equals(s.Name?.Value?.Trim(), sheetName.Trim(), StringComparison.OrdinalIgnoreCase))
              ?? throw new BatchInputException("sheet", $"The workbook has no sheet '{sheetName}'; its sheets are: {string.Join(", ", names)}.");
        var name = chosen.Name?.Value ?? "";
        if (workbook.GetPartById(chosen.Id!.Value!) is not WorksheetPart part)
            throw new BatchInputException("sheet", $"Sheet '{name}' is a chart or dialog sheet, not a table; its sheets are: {string.Join(", ", names)}.");

        var shared = workbook.SharedStringTablePart?.SharedStringTable?.Elements<SharedStringItem>().Select(TextOf).ToArray() ?? [];
        var dateStyles = DateStyles(workbook.WorkbookStylesPart?.Stylesheet);

        var rows = new List<(int Row, string[] Cells)>();
        var cells = 0;
        var previousRow = 0;
        using (var reader = OpenXmlReader.Create(part))
        {
            while (reader.Read())
            {
                if (reader.ElementType != typeof(Row) || !reader.IsStartElement) continue;
                cancellationToken.ThrowIfCancellationRequested();
                var row = (Row)reader.LoadCurrentElement()!;
                var rowNumber = row.RowIndex?.Value is { } index ? (int)index : previousRow + 1;
                previousRow = rowNumber;
                var values = new List<string>();
                var column = -1;
                foreach (var cell in row.Elements<Cell>())
                {
                    column = cell.CellReference?.Value is { } reference ? ColumnOf(reference) : column + 1;
                    if (column >= BatchInput.MaxColumns)
                        throw new BatchInputException("file",
                            $"Sheet '{name}' has more than {BatchInput.MaxColumns:N0} columns; remove the columns you do not need and upload it again.");
                    var value = ValueOf(cell, shared, dateStyles);
                    if (value.Length == 0) continue;
                    while (values.Count <= column) values.Add("");
                    values[column] = value;
                    if (++cells > MaxCells)
                        throw new BatchInputException("file",
                            $"Sheet '{name}' has more than {MaxCells:N0} filled cells; split it and upload the parts.", StatusCodes.Status413PayloadTooLarge);
                }
                if (values.Count > 0) rows.Add((rowNumber, values.ToArray()));
            }
        }
        if (rows.Count == 0) throw new BatchInputException("sheet", $"Sheet '{name}' is empty; its sheets are: {string.Join(", ", names)}.");

        var (headerRow, headerCells) = rows[0];
        var header = headerCells.Select((h, i) => string.IsNullOrWhiteSpace(h) ? ColumnName(i) : h.Trim()).ToArray();
        return new XlsxTable(names, name, header, headerRow, rows.Skip(1).ToList());
    }

    // Strings as a run of text; phonetic guides (rPh) are left out.
    private static string TextOf(OpenXmlElement item) =>
        item.ChildElements.Any(e => e is Run) ? string.Concat(item.Elements<Run>().Select(r => r.Text?.Text)) : item.GetFirstChild<Text>()?.Text ?? "";

    private static string ValueOf(Cell cell, string[] shared, bool[] dateStyles)
    {
        var raw = cell.CellValue?.Text;
        var type = cell.DataType?.Value;
        if (type == CellValues.InlineString) return cell.InlineString is { } inline ? TextOf(inline) : "";
        if (raw is null) return "";
        if (type == CellValues.SharedString) return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < shared.Length ? shared[i] : "";
        // ECMA-376 stores 1 or 0; some writers (the Open XML SDK's CellValue(bool) among them) store true or false.
        if (type == CellValues.Boolean) return raw == "1" || raw.Equals("true", StringComparison.OrdinalIgnoreCase) ? "TRUE" : "FALSE";
        if (type == CellValues.String || type == CellValues.Error || type == CellValues.Date) return raw;
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)) return raw;
        if (cell.StyleIndex?.Value is { } style && style < dateStyles.Length && dateStyles[style] && number is >= 0 and < 2958466)
        {
            var date = DateTime.FromOADate(number);
            return date.TimeOfDay == TimeSpan.Zero ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : date.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        }
        return number.ToString(CultureInfo.InvariantCulture);
    }

    // Per cell style (cellXfs index): true when its number format shows a date or time.
    private static bool[] DateStyles(Stylesheet? stylesheet)
    {
        if (stylesheet?.CellFormats is not { } formats) return [];
        var custom = stylesheet.NumberingFormats?.Elements<NumberingFormat>()
            .Where(f => f.NumberFormatId?.Value is not null)
            .ToDictionary(f => f.NumberFormatId!.Value, f => IsDateFormatCode(f.FormatCode?.Value)) ?? [];
        return formats.Elements<CellFormat>().Select(f => f.NumberFormatId?.Value is { } id
            && (BuiltInDateFormats.Contains(id) || custom.TryGetValue(id, out var isDate) && isDate)).ToArray();
    }

    // A custom format shows a date when, outside quoted text, escapes and [colour] brackets, it has a d, m, y, h or s.
    private static bool IsDateFormatCode(string? code)
    {
        if (code is null) return false;
        var quoted = false;
        var bracket = false;
        for (var i = 0; i < code.Length; i++)
        {
            var c = code[i];
            if (c == '"') quoted = !quoted;
            else if (quoted) continue;
            else if (c == '\\') i++;
            else if (c == '[') bracket = true;
            else if (c == ']') bracket = false;
            else if (!bracket && "dmyhsDMYHS".Contains(c)) return true;
        }
        return false;
    }

    // "C12" → 2 (zero-based).
    private static int ColumnOf(string reference)
    {
        var column = 0;
        foreach (var c in reference)
        {
            if (c is >= 'A' and <= 'Z') column = column * 26 + (c - 'A' + 1);
            else if (c is >= 'a' and <= 'z') column = column * 26 + (c - 'a' + 1);
            else break;
            if (column > BatchInput.MaxColumns * 26) break;
        }
        return column - 1;
    }

    // 2 → "C": the name a blank header cell gets, as the sheet labels the column.
    private static string ColumnName(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26) name = (char)('A' + (n - 1) % 26) + name;
        return name;
    }

    private static BatchInputException Unreadable() => new("file",
        "The file is not a readable .xlsx workbook (it may be damaged or another format renamed .xlsx); open it in a spreadsheet program, save it as .xlsx and upload it again.",
        StatusCodes.Status422UnprocessableEntity);
}

/// <summary>One sheet of a workbook as a table.</summary>
/// <param name="Sheets">Names of the workbook's sheets, in order.</param>
/// <param name="Sheet">The sheet read.</param>
/// <param name="Header">Column names: the first non-blank row (a blank cell is named by its column letter).</param>
/// <param name="HeaderRow">The header's sheet row number.</param>
/// <param name="Rows">The rows under the header with a filled cell, with their sheet row numbers.</param>
public sealed record XlsxTable(IReadOnlyList<string> Sheets, string Sheet, IReadOnlyList<string> Header, int HeaderRow, IReadOnlyList<(int Row, string[] Cells)> Rows)
{
    /// <summary>"sheet 'Answers'", for messages.</summary>
    internal TableColumns Columns => new(Header, $"sheet '{Sheet}'");

    /// <summary>
    /// The data rows as table records, blank rows between them included (as a CSV's blank lines are), so skipped rows are
    /// reported with their sheet numbers.
    /// </summary>
    internal IEnumerable<TableRecord> Records()
    {
        var next = HeaderRow + 1;
        foreach (var (row, cells) in Rows)
        {
            for (; next < row; next++) yield return new TableRecord(next, [], next);
            // A row ends at its last filled cell; pad it to the header so a blank trailing column reads as blank.
            yield return new TableRecord(row, cells.Length >= Header.Count ? cells : [.. cells, .. Enumerable.Repeat("", Header.Count - cells.Length)], row);
            next = row + 1;
        }
    }

    /// <summary>The header, first rows and column profiles, as for a CSV.</summary>
    public CsvPreview Preview(int firstRows = 5, CancellationToken cancellationToken = default) =>
        BatchInput.Preview(Header, Records(), firstRows, cancellationToken);

    /// <summary>The rows to score with the chosen columns, as <see cref="BatchInput.ParseCsv"/> gives them for a CSV.</summary>
    public BatchUpload Parse(string? textColumn, string? groupColumn, int maxRows, int maxTextLength = int.MaxValue,
        IReadOnlyList<string>? passThrough = null, string? compareColumn = null, CancellationToken cancellationToken = default) =>
        BatchInput.ParseTable(Columns, Records(), new ColumnChoice(textColumn, groupColumn, compareColumn, passThrough), maxRows, maxTextLength, cancellationToken);
}
