using System.Diagnostics;
using System.Globalization;
using BiasApp.Core.Classification;
using BiasApp.Core.Rules;

namespace BiasApp.Cli.Commands.Evaluation;

/// <summary>Scores a labelled CSV with the rule-based detector alone and prints the figures; last line <c>macro_f1=0.xxxx</c>.</summary>
public static class RulesEvaluateCommand
{
    public static int Run(CommandLine args)
    {
        var input = args.Required("input");
        var textColumn = args.Optional("text-column", "text");
        var labelColumn = args.Optional("label-column", "label");
        var sliceColumn = args.Optional("slice-column", "");
        var slicePrefix = args.Optional("slice-prefix", "");
        var lexiconPath = args.Optional("lexicon", "");
        var (header, rows) = CsvInput.Read(input, sliceColumn.Length > 0 ? [textColumn, labelColumn, sliceColumn] : [textColumn, labelColumn]);
        if (rows.Count == 0) throw new CliException($"no data rows in {input}");
        var textIndex = Array.IndexOf(header, textColumn);
        var labelIndex = Array.IndexOf(header, labelColumn);
        var gold = rows.Select((row, n) => EvaluateCommand.ParseLabel(row[labelIndex], n + 2)).ToArray();

        var detector = LoadDetector(lexiconPath);
        var watch = Stopwatch.StartNew();
        var verdicts = rows.Select(r => detector.Score(r[textIndex])).ToArray();
        watch.Stop();
        var predicted = verdicts.Select(v => v.IsStereotype).ToArray();

        Console.WriteLine($"lexicon={detector.Lexicon.Version} path={(lexiconPath.Length > 0 ? lexiconPath : "embedded")}");
        Console.WriteLine($"rows={rows.Count} seconds={watch.Elapsed.TotalSeconds:F2} sentences_per_second={rows.Count / watch.Elapsed.TotalSeconds:F1}");
        if (args.Flag("per-rule")) PrintPerRule(verdicts, gold);
        if (args.Optional("output", "") is { Length: > 0 } outputPath)
        {
            WriteRows(outputPath, header, rows, verdicts);
            Console.WriteLine($"wrote rows={rows.Count} output={outputPath}");
        }
        if (sliceColumn.Length > 0)
        {
            var sliceIndex = Array.IndexOf(header, sliceColumn);
            var members = Enumerable.Range(0, rows.Count).Where(i => rows[i][sliceIndex].StartsWith(slicePrefix, StringComparison.Ordinal)).ToArray();
            var slice = BinaryMetrics.From(members.Select(i => gold[i]).ToArray(), members.Select(i => predicted[i]).ToArray());
            Console.WriteLine($"slice {sliceColumn}^={slicePrefix} rows={slice.Total} accuracy={F(slice.Accuracy)} " +
                $"stereotype_precision={F(slice.PositivePrecision)} stereotype_recall={F(slice.PositiveRecall)} stereotype_f1={F(slice.PositiveF1)} slice_macro_f1={F(slice.MacroF1)}");
        }
        var metrics = BinaryMetrics.From(gold, predicted);
        EvaluateCommand.Print(metrics);
        Console.WriteLine($"macro_f1={F(metrics.MacroF1)}");
        return 0;
    }

    /// <summary>
    /// Every input column, then the rules' verdict per row, for error analysis and for measuring the rules beside the
    /// model: <c>rule_score</c>, <c>rule_predicted</c> (0/1), <c>rule_generalisation</c> (1 when a generalisation about a
    /// group fired, not negated), <c>rule_high</c> (1 when such a hit is high severity) and <c>rule_ids</c>.
    /// </summary>
    private static void WriteRows(string path, string[] header, List<string[]> rows, RuleVerdict[] verdicts)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder) Directory.CreateDirectory(folder);
        using var writer = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false));
        using var csv = new CsvHelper.CsvWriter(writer, System.Globalization.CultureInfo.InvariantCulture);
        foreach (var column in header.Concat(["rule_score", "rule_predicted", "rule_generalisation", "rule_high", "rule_ids"])) csv.WriteField(column);
        csv.NextRecord();
        for (var i = 0; i < rows.Count; i++)
        {
            var generalisations = verdicts[i].Matches.Where(m => m.Kind == RuleKind.Generalisation && !m.Negated).ToList();
            foreach (var field in rows[i]) csv.WriteField(field);
            csv.WriteField(verdicts[i].Score.ToString("F4", System.Globalization.CultureInfo.InvariantCulture));
            csv.WriteField(verdicts[i].IsStereotype ? "1" : "0");
            csv.WriteField(generalisations.Count > 0 ? "1" : "0");
            csv.WriteField(generalisations.Any(m => m.Severity == RuleSeverity.High) ? "1" : "0");
            csv.WriteField(string.Join(' ', verdicts[i].Matches.Select(m => m.RuleId).Distinct()));
            csv.NextRecord();
        }
    }

    private static RuleDetector LoadDetector(string lexiconPath)
    {
        try
        {
            return new RuleDetector(lexiconPath.Length > 0 ? Lexicon.LoadFile(lexiconPath) : Lexicon.LoadEmbedded());
        }
        catch (LexiconException ex)
        {
            throw new CliException(ex.Message);
        }
    }

    // Which rules earn their place: hits and precision of each rule that fired, not negated, in a sentence.
    private static void PrintPerRule(RuleVerdict[] verdicts, bool[] gold)
    {
        Console.WriteLine("rule                       hits  precision");
        var stats = verdicts
            .SelectMany((v, i) => v.Matches.Where(m => !m.Negated).Select(m => m.RuleId).Distinct().Select(id => (id, gold: gold[i])))
            .GroupBy(x => x.id)
            .OrderByDescending(g => g.Count());
        foreach (var g in stats)
            Console.WriteLine($"{g.Key,-26} {g.Count(),5}  {F((double)g.Count(x => x.gold) / g.Count())}");
    }

    private static string F(double v) => v.ToString("F4", CultureInfo.InvariantCulture);
}
