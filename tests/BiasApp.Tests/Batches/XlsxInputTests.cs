using BiasApp.Batches;
using Microsoft.AspNetCore.Http;

namespace BiasApp.Tests.Batches;

public class XlsxInputTests
{
    private static readonly byte[] Workbook = XlsxFile.Create(
        ("Notes", [(1, ["Read me first"])]),
        ("Answers", [
            (1, ["id", "text", "group", "llm", "date", "score", "ok"]),
            (2, [7, "All nurses are women.", "gender", "model-a", new DateTime(2026, 3, 1), 0.25, true]),
            (3, [8, "The bus was late.", null, "model-b", null, 3, false]),
            (5, [9, "   ", "race", "model-a"]),
            (6, [10, "Dogs bark at night.", "race", null]),
        ]));

    [Fact]
    public void FirstSheetIsReadUnlessAnotherIsChosenByNameIgnoringCase()
    {
        var first = XlsxInput.Read(Workbook, null);
        Assert.Equal(["Notes", "Answers"], first.Sheets);
        Assert.Equal("Notes", first.Sheet);
        Assert.Equal(["Read me first"], first.Header);

        var chosen = XlsxInput.Read(Workbook, " answers ");
        Assert.Equal("Answers", chosen.Sheet);
        Assert.Equal(["id", "text", "group", "llm", "date", "score", "ok"], chosen.Header);
    }

    [Fact]
    public void SheetRowsKeepTheirSheetNumbersAndCellsReadAsTheSheetShowsThem()
    {
        var upload = XlsxInput.Read(Workbook, "Answers").Parse("text", "group", 100, compareColumn: "llm");

        Assert.Equal(["All nurses are women.", "The bus was late.", "Dogs bark at night."], upload.Rows.Select(r => r.Text));
        // Row 4 is missing from the sheet and row 5's text is blank: both skipped with their sheet numbers.
        Assert.Equal([2, 3, 6], upload.Rows.Select(r => r.SourceRow));
        Assert.Equal([new SkippedRow(4, SkipReasons.Blank), new SkippedRow(5, SkipReasons.Blank)], upload.Skipped);
        Assert.Equal(["gender", null, "race"], upload.Rows.Select(r => r.Group));
        Assert.Equal(["model-a", "model-b", null], upload.Rows.Select(r => r.Compare));
        Assert.Equal("llm", upload.CompareColumn);
        Assert.Equal(["id", "group", "llm", "date", "score", "ok"], upload.PassThroughColumns);
        var first = upload.Rows[0].Columns!;
        Assert.Equal(("7", "2026-03-01", "0.25", "TRUE"), (first["id"], first["date"], first["score"], first["ok"]));
        Assert.Equal(("3", "FALSE", ""), (upload.Rows[1].Columns!["score"], upload.Rows[1].Columns!["ok"], upload.Rows[1].Columns!["date"]));
    }

    [Fact]
    public void TheCompareColumnIsCarriedEvenWhenOtherColumnsAreChosen()
    {
        var upload = XlsxInput.Read(Workbook, "Answers").Parse("text", null, 100, passThrough: ["id"], compareColumn: "LLM");

        Assert.Equal(["id", "llm"], upload.PassThroughColumns);
        Assert.Equal("llm", upload.CompareColumn);
    }

    [Fact]
    public void AnUnknownSheetOrColumnIsRefusedNamingWhatThereIs()
    {
        var sheet = Assert.Throws<BatchInputException>(() => XlsxInput.Read(Workbook, "Results"));
        Assert.Equal(("sheet", StatusCodes.Status400BadRequest), (sheet.Field, sheet.Status));
        Assert.Equal("The workbook has no sheet 'Results'; its sheets are: Notes, Answers.", sheet.Message);

        var column = Assert.Throws<BatchInputException>(() => XlsxInput.Read(Workbook, "Answers").Parse("text", null, 100, compareColumn: "model"));
        Assert.Equal("compareColumn", column.Field);
        Assert.Equal("Column 'model' is not in the sheet 'Answers'; its header has: id, text, group, llm, date, score, ok.", column.Message);
    }

    [Fact]
    public void ACorruptWorkbookIs422AndAnEncryptedOneSaysItIsPasswordProtected()
    {
        var truncated = Assert.Throws<BatchInputException>(() => XlsxInput.Read(Workbook[..(Workbook.Length / 2)], null));
        Assert.Equal(StatusCodes.Status422UnprocessableEntity, truncated.Status);
        Assert.Contains("not a readable .xlsx workbook", truncated.Message);

        var csvRenamed = Assert.Throws<BatchInputException>(() => XlsxInput.Read("text\nhello\n"u8.ToArray(), null));
        Assert.Equal(StatusCodes.Status422UnprocessableEntity, csvRenamed.Status);

        // Excel saves a workbook with a password as an OLE compound file whose streams are EncryptionInfo and
        // EncryptedPackage (MS-OFFCRYPTO 2.3.4); the directory names are UTF-16. A real encrypted file needs Excel or
        // msoffcrypto, neither of which runs here, so this is the signature the check reads: the compound-file magic and the name.
        byte[] encrypted = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[504], .. System.Text.Encoding.Unicode.GetBytes("EncryptedPackage")];
        var locked = Assert.Throws<BatchInputException>(() => XlsxInput.Read(encrypted, null));
        Assert.Equal(StatusCodes.Status422UnprocessableEntity, locked.Status);
        Assert.Contains("password-protected", locked.Message);

        byte[] xls = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[504], .. System.Text.Encoding.Unicode.GetBytes("Workbook")];
        Assert.Equal(StatusCodes.Status415UnsupportedMediaType, Assert.Throws<BatchInputException>(() => XlsxInput.Read(xls, null)).Status);
    }

    [Fact]
    public void AWorkbookThatUnpacksBeyondThePartLimitIs413()
    {
        var error = Assert.Throws<BatchInputException>(() => XlsxInput.Read(Workbook, "Answers", maxCharactersInPart: 500, CancellationToken.None));
        Assert.Equal(StatusCodes.Status413PayloadTooLarge, error.Status);
        Assert.Equal("The workbook unpacks to more than 500 characters in one part; split it and upload the parts.", error.Message);
    }

    [Fact]
    public void ParseReadsAWorkbooksFirstSheet()
    {
        var workbook = XlsxFile.Create(("Sheet1", [(1, ["text", "group"]), (2, ["All nurses are women.", "gender"])]));

        var row = Assert.Single(BatchInput.Parse(workbook, BatchInputFormat.Xlsx, "text", "group", 10).Rows);

        Assert.Equal(("All nurses are women.", "gender", 2), (row.Text, row.Group, row.SourceRow));
    }

    [Fact]
    public void AnEmptySheetIsRefused()
    {
        var empty = XlsxFile.Create(("Blank", []));
        Assert.Equal("Sheet 'Blank' is empty; its sheets are: Blank.", Assert.Throws<BatchInputException>(() => XlsxInput.Read(empty, null)).Message);
    }

    [Fact]
    public void ACompareColumnWithTooManyValuesIsRefused()
    {
        var csv = "text,author\n" + string.Join("\n", Enumerable.Range(0, 51).Select(i => $"Text number {i} here.,author{i}"));
        var error = Assert.Throws<BatchInputException>(() => BatchInput.ParseCsv(csv, "text", null, 100, compareColumn: "author"));
        Assert.Equal("compareColumn", error.Field);
        Assert.Contains("more than 50 distinct values", error.Message);
    }
}
