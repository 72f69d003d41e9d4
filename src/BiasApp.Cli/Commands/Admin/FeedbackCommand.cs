using System.Text;
using BiasApp.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace BiasApp.Cli.Commands.Admin;

/// <summary>
/// <c>feedback export --output FILE.csv</c>: the team decisions (accepted feedback) from the app's database as training data,
/// in the columns of <c>GET /api/v1/admin/feedback/export</c> (<see cref="FeedbackExport"/>). The database is found as
/// <see cref="CliDatabase"/> says.
/// </summary>
public static class FeedbackCommand
{
    private const string Usage = "usage: feedback export --output FILE.csv";

    public static int Run(CommandLine line)
    {
        if (line.Positional.FirstOrDefault() != "export") throw new CliException(Usage);
        var output = line.Required("output");
        using var services = CliDatabase.Services();
        return ExportAsync(services, output).GetAwaiter().GetResult();
    }

    private static async Task<int> ExportAsync(IServiceProvider services, string output)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BiasDbContext>();
        // Migrated as the app does at start-up, so a database older than the feedback table exports an empty file.
        await AccountProvisioning.InitializeAsync(db, scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>());
        var decisions = await FeedbackStore.DecisionsAsync(db);
        try
        {
            await using var writer = new StreamWriter(output, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            FeedbackExport.WriteCsv(decisions, writer);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot write {output}: {ex.Message}");
        }
        Console.WriteLine($"Wrote {decisions.Count} team decision(s) to {output}.");
        return 0;
    }
}
