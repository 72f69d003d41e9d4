using BiasApp.Data;
using Microsoft.Extensions.Configuration;

namespace BiasApp.Cli.Commands;

/// <summary>
/// <c>keys create --email EMAIL [--admin] [--name NAME]</c>: creates the account if needed and prints a new API key as the last
/// line of standard output. The database is <c>ConnectionStrings:Default</c> from appsettings.json (next to the program)
/// and environment variables (<c>ConnectionStrings__Default</c>); a relative path is taken from the current directory.
/// </summary>
public static class KeysCommand
{
    public static int Run(CommandLine line)
    {
        if (line.Positional.FirstOrDefault() != "create") throw new CliException("usage: keys create --email EMAIL [--admin] [--name NAME]");
        var email = line.Required("email");
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .Build();
        var connectionString = configuration.GetConnectionString("Default") ?? throw new CliException("ConnectionStrings:Default is not set");

        using var services = KeyProvisioning.BuildServices(connectionString, Directory.GetCurrentDirectory());
        string key;
        try
        {
            key = KeyProvisioning.CreateKeyAsync(services, email, line.Flag("admin"), line.Optional("name", "cli")).GetAwaiter().GetResult();
        }
        catch (InvalidOperationException ex)
        {
            throw new CliException(ex.Message);
        }
        Console.WriteLine($"Created an API key for {email}{(line.Flag("admin") ? " (admin)" : "")}; send it as X-API-Key. It is not shown again:");
        Console.WriteLine(key);
        return 0;
    }
}
