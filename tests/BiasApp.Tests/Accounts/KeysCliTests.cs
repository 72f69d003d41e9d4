using System.Diagnostics;
using System.Net;

namespace BiasApp.Tests.Accounts;

public sealed class KeysCliTests
{
    [Fact]
    public async Task KeysCreatePrintsAWorkingKeyAsItsLastLine()
    {
        await using var factory = new BiasAppFactory();
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "BiasApp.sln"))) root = Path.GetDirectoryName(root)!;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "run", "--project", "src/BiasApp.Cli", "--", "keys", "create", "--email", "cli@example.test", "--admin" })
            start.ArgumentList.Add(arg);
        start.Environment["ConnectionStrings__Default"] = factory.ConnectionString;
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, errors);

        var key = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
        var client = factory.CreateClient(key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/admin/usage")).StatusCode);
    }
}
