using BiasApp.Data;

namespace BiasApp.Batches;

/// <summary>
/// What the batch page's upload form holds and decides, apart from rendering so it can be tested directly: the chosen file
/// (its preview and the columns picked) or the pasted lines, the rows they would give, and whether a batch can start.
/// </summary>
/// <param name="maxRows">Rows a batch may have (<c>Batches:MaxRows</c>).</param>
/// <param name="maxTextLength">Longest text a row may have; longer ones are skipped.</param>
public sealed class BatchUploadState(int maxRows, int maxTextLength)
{
    private string? _fileText;
    private byte[]? _workbook;
    private XlsxTable? _sheet;

    /// <summary>0: upload a file; 1: paste lines.</summary>
    public int Tab { get; set; }

    public string? FileName { get; private set; }
    public BatchInputFormat Format { get; private set; }
    public CsvPreview? Preview { get; private set; }

    /// <summary>The rows the batch would have with the current choices; null until a file parses.</summary>
    public BatchUpload? Upload { get; private set; }

    public string? TextColumn { get; private set; }
    public string? GroupColumn { get; private set; }

    /// <summary>The column whose values the summary compares (an LLM, an author); null for none.</summary>
    public string? CompareColumn { get; private set; }

    /// <summary>The sheets of an .xlsx workbook, in order; empty for other files.</summary>
    public IReadOnlyList<string> Sheets => _sheet?.Sheets ?? [];

    /// <summary>The sheet read from an .xlsx workbook; null for other files.</summary>
    public string? Sheet => _sheet?.Sheet;
    public IReadOnlyCollection<string> PassThrough { get; private set; } = [];

    /// <summary>The pasted lines, one text per line.</summary>
    public string? Pasted { get; set; }

    /// <summary>Why the file cannot be used; null when it can.</summary>
    public string? Error { get; private set; }

    /// <summary>What <see cref="BatchInput.ParseLines"/> will score of the pasted text: the non-blank lines.</summary>
    public int PastedRows => Pasted is null ? 0 : Pasted.Split('\n').Count(line => !string.IsNullOrWhiteSpace(line));

    /// <summary>True when the current tab has rows to score within <paramref name="allowance"/> (null: not metered).</summary>
    public bool CanStart(BatchAllowance? allowance) => Tab == 0
        ? Upload is { } upload && (allowance is null || upload.Rows.Count <= allowance.Rows)
        : PastedRows > 0 && (allowance is null || PastedRows <= allowance.Rows);

    /// <summary>Forgets the previous file.</summary>
    public void Clear()
    {
        Error = null;
        _fileText = null;
        _workbook = null;
        _sheet = null;
        Preview = null;
        Upload = null;
        TextColumn = GroupColumn = CompareColumn = null;
        PassThrough = [];
    }

    /// <summary>
    /// Takes a decoded file: previews a CSV with the default columns, then parses the rows. Throws
    /// <see cref="BatchInputException"/> when the file cannot be previewed; the caller then records it with <see cref="Fail"/>,
    /// which clears what was taken.
    /// </summary>
    public void Load(string fileName, BatchInputFormat format, string text, CancellationToken cancellationToken)
    {
        Clear();
        FileName = fileName;
        Format = format;
        _fileText = text;
        if (format == BatchInputFormat.Csv) TakePreview(BatchInput.Preview(text, cancellationToken: cancellationToken));
        Parse(cancellationToken);
    }

    /// <summary>
    /// Takes an uploaded file: an .xlsx workbook is read (its first sheet, previewed with the default columns), anything else
    /// decoded as UTF-8 and taken as <see cref="Load(string, BatchInputFormat, string, CancellationToken)"/> does. Throws
    /// <see cref="BatchInputException"/> as that does.
    /// </summary>
    public void Load(string fileName, BatchInputFormat format, byte[] bytes, CancellationToken cancellationToken)
    {
        if (format != BatchInputFormat.Xlsx)
        {
            Load(fileName, format, BatchInput.Decode(bytes), cancellationToken);
            return;
        }
        Clear();
        FileName = fileName;
        Format = format;
        _workbook = bytes;
        ReadSheet(null, cancellationToken);
    }

    /// <summary>Reads another sheet of the workbook, with the default columns of that sheet. Throws <see cref="BatchInputException"/>.</summary>
    public void ChooseSheet(string? sheet, CancellationToken cancellationToken)
    {
        if (_workbook is null) return;
        ReadSheet(sheet, cancellationToken);
    }

    private void ReadSheet(string? sheet, CancellationToken cancellationToken)
    {
        Error = null;
        _sheet = XlsxInput.Read(_workbook!, sheet, cancellationToken);
        TakePreview(_sheet.Preview(cancellationToken: cancellationToken));
        Parse(cancellationToken);
    }

    private void TakePreview(CsvPreview preview)
    {
        Preview = preview;
        TextColumn = preview.DefaultTextColumn;
        GroupColumn = preview.DefaultGroupColumn;
        CompareColumn = null;
        PassThrough = preview.Header.Where(c => c != TextColumn).ToList();
    }

    /// <summary>Notes a file that could not be read.</summary>
    public void Fail(string fileName, BatchInputFormat format, string error)
    {
        Clear();
        FileName = fileName;
        Format = format;
        Error = error;
    }

    public void ChooseTextColumn(string? column, CancellationToken cancellationToken)
    {
        // The old text column becomes an ordinary column again, carried by default; the new one is the text.
        var carried = PassThrough.Where(c => c != column).ToHashSet();
        if (TextColumn is not null) carried.Add(TextColumn);
        PassThrough = Preview?.Header.Where(carried.Contains).ToList() ?? [.. carried];
        TextColumn = column;
        Parse(cancellationToken);
    }

    public void ChooseGroupColumn(string? column, CancellationToken cancellationToken)
    {
        GroupColumn = column;
        Parse(cancellationToken);
    }

    /// <summary>Compares the values of <paramref name="column"/> in the summary (null: no comparison); it is always carried into the results.</summary>
    public void ChooseCompareColumn(string? column, CancellationToken cancellationToken)
    {
        CompareColumn = string.IsNullOrWhiteSpace(column) ? null : column;
        Parse(cancellationToken);
    }

    public void ChoosePassThrough(IReadOnlyCollection<string>? columns, CancellationToken cancellationToken)
    {
        PassThrough = columns?.ToList() ?? [];
        Parse(cancellationToken);
    }

    /// <summary>The batch's name and rows for the current tab. Throws <see cref="BatchInputException"/>.</summary>
    public (string Name, BatchUpload Upload) Build() => Tab == 0
        ? (FileName ?? "Upload", Upload ?? throw new BatchInputException("file", "Choose a file first."))
        : ("Pasted lines", BatchInput.ParseLines(Pasted ?? "", maxRows, maxTextLength));

    /// <summary>Every row of the file counts, blank ones too; once the columns parse, how many of them will be scored and skipped.</summary>
    public string PreviewCaption(CsvPreview preview) =>
        $"The first {preview.FirstRows.Count:N0} of {preview.Rows:N0} {(preview.Rows == 1 ? "row" : "rows")}"
        + (Upload is { } upload ? $": {upload.Rows.Count:N0} to score, {upload.SkippedCount:N0} skipped." : ".");

    // The rows the batch would have with the current choices, so the page can count them (and skipped ones) before starting.
    private void Parse(CancellationToken cancellationToken)
    {
        Upload = null;
        if (_fileText is null && _sheet is null) return;
        try
        {
            Error = null;
            Upload = _sheet is not null
                ? _sheet.Parse(TextColumn, GroupColumn, maxRows, maxTextLength, PassThrough.ToList(), CompareColumn, cancellationToken)
                : Format == BatchInputFormat.Csv
                ? BatchInput.ParseCsv(_fileText!, TextColumn, GroupColumn, maxRows, maxTextLength, PassThrough.ToList(), cancellationToken, CompareColumn)
                : BatchInput.ParseLines(_fileText!, maxRows, maxTextLength, cancellationToken);
        }
        catch (BatchInputException ex)
        {
            Error = ex.Message;
        }
    }
}
