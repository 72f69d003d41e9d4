using BiasApp.Cli;

namespace BiasApp.Cli.Tests;

[Collection("Console")]
public sealed class CommandLineTests
{
    [Fact]
    public void UsageListsEvaluationAndAdminCommandsUnderTheirOwnHeadings()
    {
        var stderr = new StringWriter();
        var oldErr = Console.Error;
        Console.SetError(stderr);
        int code;
        try
        {
            code = (int)typeof(CommandLine).Assembly.EntryPoint!.Invoke(null, [Array.Empty<string>()])!;
        }
        finally
        {
            Console.SetError(oldErr);
        }

        Assert.Equal(1, code);
        var lines = stderr.ToString().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var evaluation = lines.FindIndex(l => l.StartsWith("evaluation commands", StringComparison.Ordinal));
        var admin = lines.FindIndex(l => l.StartsWith("admin commands", StringComparison.Ordinal));
        Assert.InRange(evaluation, 1, admin - 1);
        string[] Commands(int from, int to) => lines.Skip(from + 1).Take(to - from - 1)
            .Where(l => l.StartsWith("  ", StringComparison.Ordinal)).Select(l => l.Trim().Split(' ')[0]).ToArray();
        Assert.Equal(["evaluate", "explain-eval", "rules-evaluate", "tokenize", "embed", "hidden-states"], Commands(evaluation, admin));
        Assert.Equal(["keys", "users", "users", "feedback"], Commands(admin, lines.Count));
    }
}
