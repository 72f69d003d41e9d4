using BiasApp.Cli;
using BiasApp.Cli.Commands.Evaluation;
using BiasApp.Core.Rules;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BiasApp.Cli.Tests.Evaluation;

// Console output is process-wide; keep these tests out of parallel runs with each other.
[Collection("Console")]
public sealed class RulesEvaluateCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("biasapp-rules-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void RulesEvaluatePrintsFiguresAndEndsWithMacroF1()
    {
        var csv = Path.Combine(_folder, "small.csv");
        File.WriteAllText(csv, """
            text,label,source
            All women are bad drivers.,1,emgsd:a
            "Muslims are so violent, he said.",1,emgsd:b
            The weather is nice today.,0,emgsd:c
            Not all men are lazy.,0,other
            My neighbour plays the piano.,1,other
            """);
        var output = Run(["rules-evaluate", "--input", csv, "--slice-column", "source", "--slice-prefix", "emgsd:", "--per-rule"], out var code);
        Assert.Equal(0, code);
        var lines = output.Trim().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        // 2 of 3 stereotypes found, no false alarms: precision 1, recall 2/3, F1 0.8; negatives F1 = 0.8 too.
        Assert.Contains(lines, l => l.StartsWith("stereotype      1.0000     0.6667  0.8000", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("slice source^=emgsd: rows=3", StringComparison.Ordinal) && l.EndsWith("slice_macro_f1=1.0000", StringComparison.Ordinal));
        Assert.Equal("macro_f1=0.8000", lines[^1]);
    }

    [Fact]
    public void RulesEvaluateWritesEachRowWithTheRulesVerdict()
    {
        var csv = Path.Combine(_folder, "rows.csv");
        File.WriteAllText(csv, """
            text,label,probability
            All women are bad drivers.,1,0.91
            Not all men are lazy.,0,0.12
            The weather is nice today.,0,0.01
            """);
        var written = Path.Combine(_folder, "out", "rules.csv");
        var output = Run(["rules-evaluate", "--input", csv, "--output", written], out var code);
        Assert.Equal(0, code);
        Assert.Contains($"wrote rows=3 output={written}", output);
        var lines = File.ReadAllLines(written);
        Assert.Equal("text,label,probability,rule_score,rule_predicted,rule_generalisation,rule_high,rule_ids", lines[0]);
        var cells = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.Equal(["1", "1"], new[] { cells[0][4], cells[0][5] }); // a generalisation that the rules flag
        Assert.Equal("0", cells[1][5]);                             // negated: not counted as a generalisation
        Assert.Equal(["0", "0", ""], new[] { cells[2][4], cells[2][5], cells[2][7] });
        Assert.Equal("0.91", cells[0][2]);                          // input columns are kept
    }

    [Fact]
    public void RulesEvaluateReportsAMissingColumnAsAnError()
    {
        var csv = Path.Combine(_folder, "bad.csv");
        File.WriteAllText(csv, "sentence,label\nAll women are lazy.,1\n");
        Assert.Throws<CliException>(() => RulesEvaluateCommand.Run(CommandLine.Parse(["rules-evaluate", "--input", csv])));
    }

    [Fact]
    public void AddBiasRulesRegistersASingletonDetectorAndHonoursLexiconPath()
    {
        var services = new ServiceCollection().AddBiasRules();
        using (var provider = services.BuildServiceProvider())
        {
            Assert.Same(provider.GetRequiredService<RuleDetector>(), provider.GetRequiredService<RuleDetector>());
            Assert.True(provider.GetRequiredService<IOptions<RulesOptions>>().Value.Enabled);
        }
        var missing = Path.Combine(_folder, "missing.jsonc");
        services.Configure<RulesOptions>(o => o.LexiconPath = missing);
        using var broken = services.BuildServiceProvider();
        var ex = Assert.Throws<LexiconException>(() => broken.GetRequiredService<RuleDetector>());
        Assert.Contains(missing, ex.Message, StringComparison.Ordinal);
    }

    private static string Run(string[] args, out int code)
    {
        var previous = Console.Out;
        using var writer = new StringWriter();
        Console.SetOut(writer);
        try
        {
            code = RulesEvaluateCommand.Run(CommandLine.Parse(args));
        }
        finally
        {
            Console.SetOut(previous);
        }
        return writer.ToString();
    }
}
