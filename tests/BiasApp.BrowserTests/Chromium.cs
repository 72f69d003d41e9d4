namespace BiasApp.BrowserTests;

/// <summary>Where the browser lives and whether a missing one skips or fails the suite.</summary>
public static class Chromium
{
    /// <summary>Debian's <c>chromium</c> package; Playwright's own browser download is not available here.</summary>
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>Flags for a quiet headless run as root in a container: no sandbox, GPU, QUIC or background traffic.</summary>
    public static readonly string[] Args =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    public static bool IsInstalled => File.Exists(ExecutablePath);

    /// <summary>Under <c>CI=true</c> a missing browser is a failure, not a skip.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string MissingMessage =>
        $"Chromium not found at {ExecutablePath}: install it with `apt-get install -y chromium` (.ci/run does). " +
        "Browser tests are skipped on a developer machine and fail under CI=true.";
}

/// <summary>
/// A browser test. Skipped, with the reason, when Chromium is not installed on a developer machine;
/// under <c>CI=true</c> it runs and fails instead (xunit 2 has no dynamic skip, so the check happens at discovery).
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute([System.Runtime.CompilerServices.CallerMemberName] string test = "")
    {
        // The runner prints a skipped test's name but not its reason, so the name carries the reason.
        if (!Chromium.IsInstalled && !Chromium.IsCi) (Skip, DisplayName) = (Chromium.MissingMessage, $"{test} (skipped: {Chromium.MissingMessage})");
    }
}
