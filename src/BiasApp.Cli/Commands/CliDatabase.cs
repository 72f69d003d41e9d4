using BiasApp.Data;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BiasApp.Cli.Commands;

/// <summary>
/// The app's database for the account commands: <c>ConnectionStrings:Default</c> from appsettings.json (next to the program)
/// and environment variables (<c>ConnectionStrings__Default</c>); a relative path is taken from the current directory.
/// </summary>
internal static class CliDatabase
{
    public static ServiceProvider Services()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .Build();
        var connectionString = configuration.GetConnectionString("Default") ?? throw new CliException("ConnectionStrings:Default is not set");
        return KeyProvisioning.BuildServices(connectionString, Directory.GetCurrentDirectory());
    }
}
