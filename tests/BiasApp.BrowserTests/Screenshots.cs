namespace BiasApp.BrowserTests;

/// <summary>
/// Screenshots of the main pages. Every run writes them to the test output's <c>TestResults/screenshots/</c>;
/// with <c>BIASAPP_UPDATE_SCREENSHOTS=1</c> they also replace the committed ones in <c>docs/screenshots/</c>.
/// </summary>
public static class Screenshots
{
    public static async Task SaveAsync(IPage page, string name)
    {
        var file = Path.Combine(BrowserAppFixture.ScreenshotFolder, name + ".png");
        // Let MudBlazor's transitions (ripples, popovers closing) settle so the picture is stable.
        await page.WaitForTimeoutAsync(300);
        // Blazor focuses the heading after navigation; its focus ring is noise in a picture (a focused word is not).
        await page.EvaluateAsync("() => { if (document.activeElement?.tagName === 'H1') document.activeElement.blur(); }");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true, Animations = ScreenshotAnimations.Disabled });
        if (Environment.GetEnvironmentVariable("BIASAPP_UPDATE_SCREENSHOTS") == "1" && FindRepositoryRoot() is { } root)
        {
            var docs = Path.Combine(root, "docs", "screenshots");
            Directory.CreateDirectory(docs);
            File.Copy(file, Path.Combine(docs, name + ".png"), overwrite: true);
        }
    }

    private static string? FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "BiasApp.sln"))) return dir.FullName;
        }
        return null;
    }
}
