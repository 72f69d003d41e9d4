using BiasApp.Data;

namespace BiasApp.Cli.Commands.Admin;

/// <summary>
/// <c>keys create --email EMAIL [--admin] [--name NAME]</c>: creates the account if needed and prints a new API key as the last
/// line of standard output. The database is found as <see cref="CliDatabase"/> says.
/// </summary>
public static class KeysCommand
{
    public static int Run(CommandLine line)
    {
        if (line.Positional.FirstOrDefault() != "create") throw new CliException("usage: keys create --email EMAIL [--admin] [--name NAME]");
        var email = line.Required("email");
        using var services = CliDatabase.Services();
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
