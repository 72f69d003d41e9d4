namespace BiasApp.Tests.ScaleOut;

/// <summary>
/// The runner prints a skipped test's name but not its reason, so a test skipped for a missing server is named with the
/// reason: "TwoHostsShareOneLimit (skipped: Redis is not reachable at …)".
/// </summary>
internal static class SkipReasons
{
    public static (string Skip, string DisplayName) Name(string test, string reason) => (reason, $"{test} (skipped: {reason})");
}
