using BiasApp.Data;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BiasApp.Cli.Commands.Admin;

/// <summary>
/// The app's database for the account commands: <c>ConnectionStrings:Default</c> from appsettings.json (next to the program)
/// and environment variables (<c>ConnectionStrings__Default</c>, <c>Database__Provider</c>); a relative SQLite path is taken from
/// the current directory.
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
        DatabaseProvider provider;
        try
        {
            provider = DatabaseSettings.ParseProvider(configuration[DatabaseSettings.ProviderKey]);
        }
        catch (InvalidOperationException ex)
        {
            throw new CliException(ex.Message);
        }
        return KeyProvisioning.BuildServices(new DatabaseSettings(provider, connectionString), Directory.GetCurrentDirectory());
    }
}
