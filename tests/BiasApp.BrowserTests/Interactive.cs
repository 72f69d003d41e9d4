namespace BiasApp.BrowserTests;

/// <summary>Steps for interactive (Blazor Server) pages, whose prerendered markup ignores input until the circuit is up.</summary>
public static class Interactive
{
    /// <summary>
    /// Runs <paramref name="act"/> until <paramref name="done"/> holds within two seconds: an input made before the
    /// circuit connected went nowhere and is repeated.
    /// </summary>
    public static async Task RetryUntilAsync(Func<Task> act, Func<float, Task> done, int attempts = 10)
    {
        for (var attempt = 0; ; attempt++)
        {
            await act();
            try
            {
                await done(2_000);
                return;
            }
            catch (PlaywrightException) when (attempt < attempts)
            {
            }
        }
    }

    /// <summary>The input of a MudBlazor field by the id given to the component (it lands on the input or its wrapper).</summary>
    public static ILocator Field(IPage page, string id) => page.Locator($"input#{id}, #{id} input, textarea#{id}, #{id} textarea").First;
}
