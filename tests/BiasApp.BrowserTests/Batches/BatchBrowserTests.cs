using System.Text.RegularExpressions;

namespace BiasApp.BrowserTests.Batches;

[Collection(BrowserCollection.Name)]
public sealed class BatchBrowserTests(BrowserAppFixture app)
{
    // Start saves the batch on the server before the page moves to it; on a loaded machine that round trip can outlast
    // Playwright's default 15 s. A refused start shows #batch-error instead, and the failure then says what it said.
    private static async Task StartAsync(IPage page)
    {
        await page.Locator("#batch-start").ClickAsync();
        try
        {
            await page.WaitForURLAsync(new Regex("/batches/[0-9a-f-]{36}$"), new() { WaitUntil = WaitUntilState.Commit, Timeout = 60_000 });
        }
        catch (TimeoutException)
        {
            var error = page.Locator("#batch-error");
            var says = await error.CountAsync() > 0 ? await error.TextContentAsync() : "no error";
            throw new TimeoutException($"Start batch did not open the batch within 60 s; the page shows: {says}");
        }
    }

    [BrowserFact]
    public async Task AnUploadedCsvRunsToCompletionWithARatePerGroup()
    {
        var folder = Directory.CreateTempSubdirectory("biasapp-batch-").FullName;
        var csv = Path.Combine(folder, "team-survey.csv");
        await File.WriteAllTextAsync(csv, """
            id,text,group
            1,Women are too emotional to be good leaders.,gender
            2,The meeting ended at noon.,gender
            3,All old people are bad with computers.,age
            4,Our team met on Monday to plan the spring release.,age
            5,The report is due on Friday.,age
            6,,age
            """);
        var page = await app.NewPageAsync();
        try
        {
            await page.GotoAsync("/batches");
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Batch audit");
            await page.WaitForFunctionAsync("() => window.Blazor !== undefined");

            // Switching tabs proves the circuit is up (prerendered tabs do not switch); back on the upload tab the file
            // input is freshly rendered and wired to the server.
            await Interactive.RetryUntilAsync(
                () => page.GetByRole(AriaRole.Tab, new() { Name = "Paste lines" }).ClickAsync(),
                timeout => Assertions.Expect(Interactive.Field(page, "batch-lines")).ToBeVisibleAsync(new() { Timeout = timeout }));
            await page.GetByRole(AriaRole.Tab, new() { Name = "Upload a file" }).ClickAsync();
            await Assertions.Expect(page.Locator("#batch-file")).ToBeVisibleAsync();
            await page.Locator("input[type=file]").First.SetInputFilesAsync(csv);
            await Assertions.Expect(page.Locator("#batch-start")).ToBeEnabledAsync();
            await Assertions.Expect(page.GetByText($"{Path.GetFileName(csv)} (Csv)")).ToBeVisibleAsync();
            // A preview of the first rows; the column called "text" is the text, the others are carried through.
            await Assertions.Expect(page.Locator("#batch-preview thead th")).ToHaveTextAsync(["id", "text", "group"]);
            await Assertions.Expect(page.Locator("#batch-preview tbody tr")).ToHaveCountAsync(5);
            await Assertions.Expect(page.Locator("#batch-preview-rows")).ToHaveTextAsync("The first 5 of 6 rows: 5 to score, 1 skipped.");
            await Assertions.Expect(Interactive.Field(page, "batch-text-column")).ToHaveValueAsync("text");
            await Assertions.Expect(page.Locator("#batch-upload-rows")).ToContainTextAsync("5 rows to score; 1 row skipped: row 7 (blank)");
            await Assertions.Expect(page.Locator("#batch-label-warning")).ToHaveCountAsync(0);
            await Screenshots.SaveAsync(page, "batch-preview");
            await StartAsync(page);
            var status = page.Locator("#batch-status");
            await Assertions.Expect(status.Locator(".mud-chip")).ToHaveTextAsync("Done", new() { Timeout = 60_000 });
            await Assertions.Expect(page.Locator("#batch-progress")).ToContainTextAsync("5 / 5 rows");
            await Assertions.Expect(page.Locator("#batch-skipped")).ToContainTextAsync("1 row skipped: row 7 (blank)");

            var summary = page.Locator("#batch-summary");
            await Assertions.Expect(summary).ToContainTextAsync("Stereotype rate:");
            var groups = summary.Locator("#batch-group-rates tbody tr");
            await Assertions.Expect(groups).ToHaveCountAsync(2);
            await Assertions.Expect(groups.Filter(new() { HasText = "gender" })).ToContainTextAsync("gender2");
            await Assertions.Expect(groups.Filter(new() { HasText = "age" })).ToContainTextAsync("age3");
            // One bar or 0% marker and one interval whisker per group, across the card.
            await Assertions.Expect(page.Locator("#batch-rate-chart g.group")).ToHaveCountAsync(2);
            // The rate of each kind, overall and per group.
            await Assertions.Expect(summary.Locator("#batch-kind-rates tbody tr")).ToHaveCountAsync(3);
            await Assertions.Expect(page.Locator("#batch-rate-chart line.whisker")).ToHaveCountAsync(2);
            await Charts.AssertFillsItsCardAsync(page.Locator("#batch-rate-chart"));
            await Assertions.Expect(page.Locator("#batch-rows tbody tr")).ToHaveCountAsync(5);
            // The file's id column is shown next to the row number.
            await Assertions.Expect(page.Locator("#batch-rows thead th").Nth(1)).ToHaveTextAsync("id");
            await Assertions.Expect(page.Locator("#batch-history")).ToContainTextAsync(Path.GetFileName(csv));
            await Screenshots.SaveAsync(page, "batch");

            // The export joins back: each row's number in the file, and the file's other columns.
            var id = page.Url.Split('/')[^1];
            var export = await page.Context.APIRequest.GetAsync($"/api/v1/batches/{id}/results?format=csv");
            Assert.True(export.Ok, $"export answered {export.Status}");
            var lines = (await export.TextAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.StartsWith("group,", lines[0]);
            Assert.EndsWith(",source_row,row_review,sentence_review,row_kind,kind,model_kind,decision_kind,id,input_group", lines[0]);
            Assert.Contains(lines, l => l.StartsWith("gender,true,") && System.Text.RegularExpressions.Regex.IsMatch(l, ",2,(true|false),(true|false),(stereotype|portrayal),[a-z]+,[a-z]+,[a-z]*,1,gender$"));
            Assert.Contains(lines, l => l.StartsWith("age,false,") && System.Text.RegularExpressions.Regex.IsMatch(l, ",6,(true|false),(true|false),(reported|none),[a-z]+,[a-z]+,[a-z]*,5,age$"));
        }
        finally
        {
            await page.Context.CloseAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    [BrowserFact]
    public async Task PasteLinesEnablesStartBatchOnTheFirstInputWithoutLeavingTheBox()
    {
        var page = await app.NewPageAsync();
        try
        {
            await page.GotoAsync("/batches");
            await page.WaitForFunctionAsync("() => window.Blazor !== undefined");
            await Interactive.RetryUntilAsync(
                () => page.GetByRole(AriaRole.Tab, new() { Name = "Paste lines" }).ClickAsync(),
                timeout => Assertions.Expect(Interactive.Field(page, "batch-lines")).ToBeVisibleAsync(new() { Timeout = timeout }));
            var start = page.Locator("#batch-start");
            await Assertions.Expect(start).ToBeDisabledAsync();

            // Typing only: the box keeps the focus (no change event), and the button must follow anyway.
            var box = Interactive.Field(page, "batch-lines");
            await box.ClickAsync();
            await box.PressSequentiallyAsync("All cats are lazy.");
            await Assertions.Expect(start).ToBeEnabledAsync();
            Assert.True(await box.EvaluateAsync<bool>("el => document.activeElement === el"), "the box should still have the focus");

            await StartAsync(page);
            await Assertions.Expect(page.Locator("#batch-status .mud-chip")).ToHaveTextAsync("Done", new() { Timeout = 60_000 });
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
