using BiasApp.Batches;
using BiasApp.Core.Analysis;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BiasApp.Tests.Batches;

public sealed class BatchPageTests : IAsyncDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private readonly BunitContext _ctx = new();
    private readonly FixedQuota _quota = new(new BatchQuota(2_000, 2_000, new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero)));

    public BatchPageTests()
    {
        _connection.Open();
        _ctx.AddMud();
        _ctx.AddAuthorization().SetAuthorized("analyst@example.test");
        _ctx.Services.AddDbContext<BiasDbContext>(options => options.UseSqlite(_connection));
        _ctx.Services.AddSingleton(Options.Create(new BatchOptions { MaxRows = 10_000 }));
        _ctx.Services.AddSingleton(Options.Create(new AnalysisOptions { MaxTextLength = 60 }));
        _ctx.Services.AddSingleton(TimeProvider.System);
        _ctx.Services.AddSingleton<BatchJobs>();
        _ctx.Services.AddSingleton<IBatchUsageHook>(_quota);
        _ctx.Services.AddScoped<BatchService>();
        using var scope = _ctx.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<BiasDbContext>().Database.EnsureCreated();
    }

    public async ValueTask DisposeAsync()
    {
        await _ctx.DisposeAsync();
        await _connection.DisposeAsync();
    }

    private static void Upload(IRenderedComponent<BatchPage> page, string fileName, string content) =>
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(content, fileName, contentType: "text/csv"));

    private static string? TextColumn(IRenderedComponent<BatchPage> page)
    {
        var field = page.Find("#batch-text-column");
        return (field.TagName == "INPUT" ? field : field.QuerySelector("input"))?.GetAttribute("value");
    }

    [Fact]
    public void ChoosingACsvShowsAPreviewAndPicksTheTextColumnAndCountsSkippedRows()
    {
        var page = _ctx.Render<BatchPage>();

        Upload(page, "survey.csv", "id,comment,score\n1,The bus was late again this morning.,3\n2,,4\n3,Everyone liked the new office.,5\n");

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("#batch-preview")));
        var preview = page.Find("#batch-preview");
        Assert.Equal(["id", "comment", "score"], preview.QuerySelectorAll("th").Select(th => th.TextContent));
        Assert.Equal(3, preview.QuerySelectorAll("tbody tr").Length);
        // No column is called "text": the one with the longest values is the text.
        Assert.Equal("comment", TextColumn(page));
        Assert.Empty(page.FindAll("#batch-label-warning"));
        Assert.Contains("2 rows to score; 1 row skipped: row 3 (blank)", page.Find("#batch-upload-rows").TextContent);
        Assert.False(page.Find("#batch-start").HasAttribute("disabled"));
    }

    [Fact]
    public void ThePreviewCountsEveryRowOfTheFileAndSaysHowManyAreSkipped()
    {
        var page = _ctx.Render<BatchPage>();
        // 12 data rows: 10 texts, one row without a text and one blank line.
        var rows = Enumerable.Range(1, 10).Select(i => $"{i},Sentence number {i} is here.").ToList();
        rows.Insert(3, "11,");
        rows.Insert(7, "");

        Upload(page, "survey.csv", "id,text\n" + string.Join("\n", rows) + "\n");

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("#batch-preview")));
        Assert.Equal("The first 5 of 12 rows: 10 to score, 2 skipped.", page.Find("#batch-preview-rows").TextContent.Trim());
        Assert.Contains("10 rows to score; 2 rows skipped: row 5 (blank), row 9 (blank)", page.Find("#batch-upload-rows").TextContent);
    }

    [Fact]
    public void ATextColumnThatLooksLikeALabelIsWarnedAbout()
    {
        var page = _ctx.Render<BatchPage>();

        Upload(page, "labels.csv", "text,sentence\npositive,I enjoyed every minute of the show.\nnegative,The food arrived cold and late.\n");

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("#batch-preview")));
        Assert.Equal("text", TextColumn(page));
        Assert.Contains("Column 'text' looks like a label, not text: 2 of its 2 values are a single word.", page.Find("#batch-label-warning").TextContent);
    }

    [Fact]
    public void ThePageSaysHowManyRowsTodaysQuotaAllowsAndRefusesABiggerFileBeforeStarting()
    {
        _quota.Current = _quota.Current with { Remaining = 2 };
        var page = _ctx.Render<BatchPage>();

        Assert.Contains("2 left today, so a batch started now can have up to 2 rows", page.Find("#batch-allowance").TextContent);
        Assert.Contains("2026-12-02 00:00 UTC", page.Find("#batch-allowance").TextContent);

        Upload(page, "three.csv", "text\nAll cats are lazy.\nDogs bark at night.\nBirds sing in spring.\n");

        page.WaitForAssertion(() => Assert.Contains("This file has 3 rows to score; a batch started now can have up to 2", page.Find("#batch-over-allowance").TextContent));
        Assert.True(page.Find("#batch-start").HasAttribute("disabled"));
    }

    [Fact]
    public void PasteLinesEnablesStartOnTheFirstInput()
    {
        var page = _ctx.Render<BatchPage>();
        page.FindAll(".mud-tab").Single(t => t.TextContent.Contains("Paste lines")).Click();
        Assert.True(page.Find("#batch-start").HasAttribute("disabled"));

        // An input event, not a change (blur): the button must follow what is typed.
        page.Find("textarea").Input("All cats are lazy.");

        Assert.False(page.Find("#batch-start").HasAttribute("disabled"));
    }

    [Fact]
    public void PastedLinesAreCountedAndMoreThanTodaysQuotaAllowsCannotStart()
    {
        _quota.Current = _quota.Current with { Remaining = 2 };
        var page = _ctx.Render<BatchPage>();
        page.FindAll(".mud-tab").Single(t => t.TextContent.Contains("Paste lines")).Click();

        page.Find("textarea").Input("All cats are lazy.\n\nThe bus was late.");
        page.WaitForAssertion(() => Assert.Contains("2 lines to score", page.Markup));
        Assert.Empty(page.FindAll("#batch-over-allowance"));
        Assert.False(page.Find("#batch-start").HasAttribute("disabled"));

        page.Find("textarea").Input("All cats are lazy.\nThe bus was late.\nDogs bark at night.");
        page.WaitForAssertion(() => Assert.Contains("3 lines to score", page.Markup));
        Assert.Contains("can have up to 2", page.Find("#batch-over-allowance").TextContent);
        Assert.True(page.Find("#batch-start").HasAttribute("disabled"));
    }

    private sealed class FixedQuota(BatchQuota quota) : IBatchUsageHook
    {
        public BatchQuota Current { get; set; } = quota;

        public ValueTask<string?> CheckAsync(BiasDbContext db, string ownerId, int rows, CancellationToken cancellationToken) =>
            ValueTask.FromResult(rows <= Current.Remaining ? null : "over quota");

        public ValueTask RecordAsync(BiasApp.Data.BiasDbContext db, string ownerId, Guid batchId, int rows, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask<BatchQuota?> QuotaAsync(string ownerId, CancellationToken cancellationToken) => ValueTask.FromResult<BatchQuota?>(Current);
    }

    [Fact]
    public void ChoosingAnXlsxShowsItsSheetsAndThePreviewOfTheFirstWithACompareColumnPicker()
    {
        var workbook = XlsxFile.Create(
            ("Answers", [(1, ["text", "llm"]), (2, ["The bus was late again this morning.", "model-a"]), (4, ["Everyone liked the new office.", "model-b"])]),
            ("Notes", [(1, ["note"])]));
        var page = _ctx.Render<BatchPage>();

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(workbook, "answers.xlsx", contentType: XlsxInput.ContentType));

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("#batch-preview")));
        Assert.NotEmpty(page.FindAll("#batch-sheet"));
        Assert.Equal(["text", "llm"], page.Find("#batch-preview").QuerySelectorAll("th").Select(th => th.TextContent));
        Assert.NotEmpty(page.FindAll("#batch-compare-column"));
        // Row 3 of the sheet is empty: a skipped blank row with its sheet number.
        Assert.Contains("2 rows to score; 1 row skipped: row 3 (blank)", page.Find("#batch-upload-rows").TextContent);
        Assert.False(page.Find("#batch-start").HasAttribute("disabled"));
    }

    [Fact]
    public async Task AFinishedBatchWithACompareColumnShowsTheComparisonFromItsRows()
    {
        var id = Guid.NewGuid();
        using (var scope = _ctx.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BiasDbContext>();
            db.Batches.Add(new BatchJob
            {
                Id = id, OwnerId = BatchOwner.Anonymous, Name = "llm.csv", Status = BatchStatus.Done, RowsTotal = 4, RowsDone = 4,
                CreatedAt = DateTime.UtcNow, FinishedAt = DateTime.UtcNow, CompareColumn = "llm",
            });
            db.BatchRows.AddRange(
                new BatchRow { BatchId = id, Index = 0, SourceRow = 2, Text = "All cats are lazy.", CompareValue = "model-a", Flagged = true, MaxProbability = 0.9f, Sentences = "[]" },
                new BatchRow { BatchId = id, Index = 1, SourceRow = 3, Text = "All dogs are loud.", CompareValue = "model-a", Flagged = true, MaxProbability = 0.8f, Sentences = "[]" },
                new BatchRow { BatchId = id, Index = 2, SourceRow = 4, Text = "The bus was late.", CompareValue = "model-b", Flagged = false, MaxProbability = 0.1f, Sentences = "[]" },
                new BatchRow { BatchId = id, Index = 3, SourceRow = 5, Text = "Dogs bark at night.", CompareValue = "model-b", Flagged = true, MaxProbability = 0.7f, Sentences = "[]" });
            await db.SaveChangesAsync();
        }

        var page = _ctx.Render<BatchPage>(p => p.Add(x => x.Id, id));

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("#batch-compare")), TimeSpan.FromSeconds(15));
        var table = page.FindAll("#batch-compare-table tbody tr").Select(r => r.QuerySelectorAll("td").Take(4).Select(td => td.TextContent).ToArray()).ToList();
        Assert.Equal([["model-a", "2", "2", "100.0%"], ["model-b", "2", "1", "50.0%"]], table);
        // 2 × 2 with n = 4: a test, with the caution that expected counts are small.
        Assert.Contains("df = 1", page.Find("#batch-compare-test").TextContent);
        Assert.NotEmpty(page.FindAll("#batch-compare-small"));
        Assert.Contains("No pair differs", page.Find("#batch-compare-pairs").TextContent);
    }

    [Fact]
    public async Task GroupNamesFromTheFileAreShownAsTextNeverAsMarkup()
    {
        var id = Guid.NewGuid();
        const string bold = "<b>x</b>";
        const string redirect = "<meta http-equiv=refresh content=\"0;url=https://example.com\">";
        using (var scope = _ctx.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BiasDbContext>();
            db.Batches.Add(new BatchJob
            {
                Id = id, OwnerId = BatchOwner.Anonymous, Name = "groups.csv", Status = BatchStatus.Done, RowsTotal = 3, RowsDone = 3,
                CreatedAt = DateTime.UtcNow, FinishedAt = DateTime.UtcNow
            });
            db.BatchRows.Add(new BatchRow { BatchId = id, Index = 0, SourceRow = 2, Text = "All cats are lazy.", Group = bold, Flagged = true, MaxProbability = 0.9f, Sentences = "[]" });
            db.BatchRows.Add(new BatchRow { BatchId = id, Index = 1, SourceRow = 3, Text = "The bus was late.", Group = bold, Flagged = false, MaxProbability = 0.1f, Sentences = "[]" });
            db.BatchRows.Add(new BatchRow { BatchId = id, Index = 2, SourceRow = 4, Text = "Dogs bark at night.", Group = redirect, Flagged = false, MaxProbability = 0.2f, Sentences = "[]" });
            await db.SaveChangesAsync();
        }

        var page = _ctx.Render<BatchPage>(p => p.Add(x => x.Id, id));

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("#batch-summary")), TimeSpan.FromSeconds(15));
        Assert.Empty(page.FindAll("b"));
        Assert.Empty(page.FindAll("meta"));
        Assert.Contains(bold, page.Find("#batch-rate-chart").TextContent);
        Assert.Contains(redirect, page.Find("#batch-rate-chart").TextContent);
    }

    [Fact]
    public async Task TheResultsTableShowsTheFilesIdColumn()
    {
        var id = Guid.NewGuid();
        using (var scope = _ctx.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BiasDbContext>();
            db.Batches.Add(new BatchJob
            {
                Id = id, OwnerId = BatchOwner.Anonymous, Name = "ids.csv", Status = BatchStatus.Done, RowsTotal = 2, RowsDone = 2,
                CreatedAt = DateTime.UtcNow, FinishedAt = DateTime.UtcNow, PassThroughColumns = "[\"date\",\"ID\"]"
            });
            db.BatchRows.Add(new BatchRow
            {
                BatchId = id, Index = 0, SourceRow = 2, Text = "All cats are lazy.", Flagged = true, MaxProbability = 0.9f, Sentences = "[]",
                PassThrough = "{\"date\":\"2026-01-01\",\"ID\":\"r-17\"}"
            });
            db.BatchRows.Add(new BatchRow
            {
                BatchId = id, Index = 1, SourceRow = 4, Text = "The bus was late.", Flagged = false, MaxProbability = 0.1f, Sentences = "[]",
                PassThrough = "{\"date\":\"2026-01-02\",\"ID\":\"r-18\"}"
            });
            await db.SaveChangesAsync();
        }

        var page = _ctx.Render<BatchPage>(p => p.Add(x => x.Id, id));

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("#batch-rows tbody tr").Count), TimeSpan.FromSeconds(15));
        var headers = page.FindAll("#batch-rows thead th").Select(th => th.TextContent.Trim()).ToList();
        Assert.Equal(["Row", "ID", "Text"], headers.Take(3));
        Assert.Equal(["r-17", "r-18"], page.FindAll("#batch-rows tbody tr").Select(tr => tr.QuerySelectorAll("td")[1].TextContent.Trim()));
    }

    [Fact]
    public async Task CancellingABatchAsksFirstAndKeepingItChangesNothing()
    {
        var id = Guid.NewGuid();
        using (var scope = _ctx.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BiasDbContext>();
            db.Batches.Add(new BatchJob { Id = id, OwnerId = BatchOwner.Anonymous, Name = "survey.csv", Status = BatchStatus.Queued, RowsTotal = 3, CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }
        var dialogs = _ctx.Render<MudBlazor.MudDialogProvider>();
        var page = _ctx.Render<BatchPage>(p => p.Add(x => x.Id, id));
        BatchStatus Status()
        {
            using var scope = _ctx.Services.CreateScope();
            return scope.ServiceProvider.GetRequiredService<BiasDbContext>().Batches.AsNoTracking().Single(b => b.Id == id).Status;
        }
        void Answer(string button)
        {
            var dialog = dialogs.WaitForElement(".mud-dialog", TimeSpan.FromSeconds(15));
            Assert.Contains("Rows already scored are kept", dialog.TextContent);
            dialog.QuerySelectorAll("button").Single(b => b.TextContent.Trim() == button).Click();
            dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll(".mud-dialog")), TimeSpan.FromSeconds(15));
        }

        page.WaitForElement("#batch-cancel", TimeSpan.FromSeconds(15)).Click();
        Answer("Cancel");
        Assert.Equal(BatchStatus.Queued, Status());

        page.Find("#batch-cancel").Click();
        Answer("Cancel batch");
        page.WaitForAssertion(() => Assert.Equal(BatchStatus.Cancelled, Status()), TimeSpan.FromSeconds(15));
    }
}
