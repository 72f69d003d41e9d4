using BiasApp.Batches;
using BiasApp.Data;

namespace BiasApp.Tests.Batches;

/// <summary>The batch page's upload form without rendering: columns, counts and when a batch can start.</summary>
public sealed class BatchUploadStateTests
{
    private const string Csv = "id,text,group\n1,All nurses are women.,women\n2,,men\n3,The bus was late.,men\n";

    [Fact]
    public void ALoadedCsvPicksItsColumnsAndCountsRowsToScoreAndSkip()
    {
        var form = new BatchUploadState(maxRows: 100, maxTextLength: 1000);
        form.Load("texts.csv", BatchInputFormat.Csv, Csv, CancellationToken.None);

        Assert.Equal(("text", "group"), (form.TextColumn, form.GroupColumn));
        Assert.Equal(["id", "group"], form.PassThrough);
        Assert.Equal((2, 1), (form.Upload!.Rows.Count, form.Upload.SkippedCount));
        Assert.Equal("The first 3 of 3 rows: 2 to score, 1 skipped.", form.PreviewCaption(form.Preview!));
        Assert.True(form.CanStart(null));
        Assert.False(form.CanStart(new BatchAllowance(1, 100, null)));
    }

    [Fact]
    public void ChoosingAnotherTextColumnCarriesTheOldOneThrough()
    {
        var form = new BatchUploadState(100, 1000);
        form.Load("texts.csv", BatchInputFormat.Csv, Csv, CancellationToken.None);

        form.ChooseTextColumn("id", CancellationToken.None);

        Assert.Equal("id", form.TextColumn);
        Assert.Equal(["text", "group"], form.PassThrough);
        Assert.Equal(3, form.Upload!.Rows.Count);
    }

    [Fact]
    public void PastedLinesCountOnlyTheNonBlankOnesAndAFileIsNeededOnTheUploadTab()
    {
        var form = new BatchUploadState(100, 1000) { Pasted = "All cats are lazy.\n\n  \nDogs bark.\n" };
        Assert.Equal(2, form.PastedRows);
        Assert.False(form.CanStart(null)); // the upload tab, and no file
        Assert.Throws<BatchInputException>(() => form.Build());

        form.Tab = 1;
        Assert.True(form.CanStart(null));
        var (name, upload) = form.Build();
        Assert.Equal(("Pasted lines", 2), (name, upload.Rows.Count));
    }

    [Fact]
    public void AnXlsxWorkbookOffersItsSheetsAndAnotherSheetBringsItsOwnColumns()
    {
        var workbook = XlsxFile.Create(
            ("Notes", [(1, ["note"]), (2, ["A line of notes here."])]),
            ("Answers", [(1, ["text", "llm", "group"]), (2, ["All nurses are women.", "model-a", "gender"]), (3, ["The bus was late.", "model-b", "travel"])]));
        var form = new BatchUploadState(100, 1000);

        form.Load("answers.xlsx", BatchInputFormat.Xlsx, workbook, CancellationToken.None);
        Assert.Equal(["Notes", "Answers"], form.Sheets);
        Assert.Equal(("Notes", "note"), (form.Sheet, form.TextColumn));
        Assert.Single(form.Upload!.Rows);

        form.ChooseSheet("Answers", CancellationToken.None);
        Assert.Equal(("Answers", "text", "group"), (form.Sheet, form.TextColumn, form.GroupColumn));
        Assert.Null(form.CompareColumn);
        Assert.Equal("The first 2 of 2 rows: 2 to score, 0 skipped.", form.PreviewCaption(form.Preview!));

        form.ChooseCompareColumn("llm", CancellationToken.None);
        Assert.Equal("llm", form.Upload!.CompareColumn);
        Assert.Equal(["model-a", "model-b"], form.Upload.Rows.Select(r => r.Compare));
        Assert.True(form.CanStart(null));
    }

    [Fact]
    public void ACompareColumnOnACsvIsCarriedEvenWhenDeselectedFromThePassThrough()
    {
        var form = new BatchUploadState(100, 1000);
        form.Load("texts.csv", BatchInputFormat.Csv, "text,llm\nAll nurses are women.,a\nThe bus was late.,b\n"u8.ToArray(), CancellationToken.None);

        form.ChooseCompareColumn("llm", CancellationToken.None);
        form.ChoosePassThrough([], CancellationToken.None);

        Assert.Equal(["llm"], form.Upload!.PassThroughColumns);
        Assert.Equal(["a", "b"], form.Upload.Rows.Select(r => r.Compare));
    }
}
