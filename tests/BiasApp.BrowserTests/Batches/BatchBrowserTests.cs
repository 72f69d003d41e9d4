using System.Text.RegularExpressions;

namespace BiasApp.BrowserTests.Batches;

[Collection(BrowserCollection.Name)]
public sealed class BatchBrowserTests(BrowserAppFixture app)
{
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
            await page.Locator("#batch-start").ClickAsync();

            await page.WaitForURLAsync(new Regex("/batches/[0-9a-f-]{36}$"));
            var status = page.Locator("#batch-status");
            await Assertions.Expect(status.Locator(".mud-chip")).ToHaveTextAsync("Done", new() { Timeout = 60_000 });
            await Assertions.Expect(page.Locator("#batch-progress")).ToContainTextAsync("5 / 5 rows");

            var summary = page.Locator("#batch-summary");
            await Assertions.Expect(summary).ToContainTextAsync("Stereotype rate:");
            var groups = summary.Locator("table tbody tr");
            await Assertions.Expect(groups).ToHaveCountAsync(2);
            await Assertions.Expect(groups.Filter(new() { HasText = "gender" })).ToContainTextAsync("gender2");
            await Assertions.Expect(groups.Filter(new() { HasText = "age" })).ToContainTextAsync("age3");
            await Assertions.Expect(page.Locator("#batch-rows tbody tr")).ToHaveCountAsync(5);
            await Assertions.Expect(page.Locator("#batch-history")).ToContainTextAsync(Path.GetFileName(csv));
            await Screenshots.SaveAsync(page, "batch");
        }
        finally
        {
            await page.Context.CloseAsync();
            Directory.Delete(folder, recursive: true);
        }
    }
}
