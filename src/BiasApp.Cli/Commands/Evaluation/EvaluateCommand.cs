using System.Diagnostics;
using System.Globalization;
using BiasApp.Core.Analysis;
using BiasApp.Core.Classification;

namespace BiasApp.Cli.Commands.Evaluation;

/// <summary>
/// Scores a labelled CSV with the shipped model and prints the figures; last line <c>macro_f1=0.xxxx</c>, the binary content
/// figure on the label column. With <c>--kind-column</c> it also prints the kind confusion matrix and <c>kind_accuracy=</c>
/// (a file without the label column then takes its labels from the kinds: 1 for every kind but none, which holds stereotype content).
/// </summary>
public static class EvaluateCommand
{
    public static int Run(CommandLine args)
    {
        var session = new ClassifierOptions { BatchSize = args.OptionalInt("batch-size", 32), IntraOpThreads = args.OptionalInt("threads", 0) };
        var input = args.Required("input");
        var textColumn = args.Optional("text-column", "text");
        var labelColumn = args.Optional("label-column", "label");
        var sliceColumn = args.Optional("slice-column", "");
        var slicePrefix = args.Optional("slice-prefix", "");
        var kindColumn = args.Optional("kind-column", "");
        var required = new List<string> { textColumn };
        if (sliceColumn.Length > 0) required.Add(sliceColumn);
        if (kindColumn.Length > 0) required.Add(kindColumn);
        var (header, rows) = CsvInput.Read(input, [.. required]);
        if (rows.Count == 0) throw new CliException($"no data rows in {input}");
        var textIndex = Array.IndexOf(header, textColumn);
        var labelIndex = Array.IndexOf(header, labelColumn);
        var kindIndex = kindColumn.Length > 0 ? Array.IndexOf(header, kindColumn) : -1;
        if (labelIndex < 0 && kindIndex < 0)
            throw new CliException($"column '{labelColumn}' not found in {input}; columns are: {string.Join(", ", header)}");
        var goldKinds = kindIndex < 0 ? null : rows.Select((row, n) => ParseKind(row[kindIndex], n + 2)).ToArray();
        var gold = labelIndex >= 0
            ? rows.Select((row, n) => ParseLabel(row[labelIndex], n + 2)).ToArray()
            : goldKinds!.Select(k => k != Kinds.None).ToArray();

        var folder = args.ModelFolder();
        using var classifier = LoadClassifier(folder, session);
        if (goldKinds is not null && !classifier.HasKindHead)
            throw new CliException($"--kind-column needs a model with a kind head; {classifier.ModelId} has none");
        var texts = rows.Select(r => r[textIndex]).ToArray();
        var watch = Stopwatch.StartNew();
        var predictions = classifier.Classify(texts);
        watch.Stop();
        var predicted = predictions.Select(p => p.Probability >= 0.5f).ToArray();

        Console.WriteLine($"model={classifier.ModelId} path={folder}");
        Console.WriteLine($"rows={rows.Count} seconds={watch.Elapsed.TotalSeconds:F2} sentences_per_second={rows.Count / watch.Elapsed.TotalSeconds:F1}");
        if (sliceColumn.Length > 0)
        {
            var sliceIndex = Array.IndexOf(header, sliceColumn);
            var members = Enumerable.Range(0, rows.Count).Where(i => rows[i][sliceIndex].StartsWith(slicePrefix, StringComparison.Ordinal)).ToArray();
            var slice = BinaryMetrics.From(members.Select(i => gold[i]).ToArray(), members.Select(i => predicted[i]).ToArray());
            Console.WriteLine($"slice {sliceColumn}^={slicePrefix} rows={slice.Total} accuracy={F(slice.Accuracy)} slice_macro_f1={F(slice.MacroF1)}");
        }
        if (args.Optional("compare-model", "") is { Length: > 0 } otherFolder)
        {
            // Label agreement with a second model, e.g. the fp32 export against the shipped int8 model.
            using var other = LoadClassifier(otherFolder, session);
            var otherPredictions = other.Classify(texts);
            var agree = predictions.Zip(otherPredictions).Count(p => p.First.Probability >= 0.5f == p.Second.Probability >= 0.5f);
            var maxDiff = predictions.Zip(otherPredictions).Max(p => Math.Abs(p.First.Probability - p.Second.Probability));
            var meanDiff = predictions.Zip(otherPredictions).Average(p => Math.Abs(p.First.Probability - p.Second.Probability));
            Console.WriteLine($"compare model={other.ModelId} path={otherFolder} label_agreement={F((double)agree / rows.Count)} mean_probability_diff={F(meanDiff)} max_probability_diff={F(maxDiff)}");
        }
        if (args.Optional("output", "") is { Length: > 0 } outputPath)
        {
            WriteRows(outputPath, header, rows, predictions);
            Console.WriteLine($"wrote rows={rows.Count} output={outputPath}");
        }
        var metrics = BinaryMetrics.From(gold, predicted);
        Print(metrics);
        if (goldKinds is not null) PrintKinds(goldKinds, predictions.Select(p => p.Kind!).ToArray());
        Console.WriteLine($"macro_f1={F(metrics.MacroF1)}");
        return 0;
    }

    /// <summary>The kind confusion matrix (rows gold, columns predicted), per-kind recall, then <c>kind_accuracy=</c>.</summary>
    private static void PrintKinds(string[] gold, string[] predicted)
    {
        Console.WriteLine($"kind confusion (rows gold, columns predicted: {string.Join(' ', Kinds.All)})");
        foreach (var g in Kinds.All)
        {
            var counts = Kinds.All.Select(p => gold.Zip(predicted).Count(x => x.First == g && x.Second == p));
            var support = gold.Count(k => k == g);
            var recall = support == 0 ? "-" : F((double)gold.Zip(predicted).Count(x => x.First == g && x.Second == g) / support);
            Console.WriteLine($"  {g,-11} {string.Join(' ', counts.Select(c => c.ToString(CultureInfo.InvariantCulture).PadLeft(6)))}  recall={recall} support={support}");
        }
        Console.WriteLine($"kind_accuracy={F((double)gold.Zip(predicted).Count(x => x.First == x.Second) / gold.Length)}");
    }

    internal static string ParseKind(string value, int line)
    {
        var kind = value.Trim().ToLowerInvariant();
        return Kinds.IsKnown(kind) ? kind : throw new CliException($"line {line}: kind '{value}' is not one of {string.Join(", ", Kinds.All)}");
    }

    /// <summary>
    /// Every input column, then <c>probability</c> and <c>predicted</c> (0/1), then <c>kind</c> and <c>flagged</c> (0/1; empty
    /// for a model without a kind head), for error analysis. An input column of one of those names is written as <c>input_NAME</c>.
    /// </summary>
    private static void WriteRows(string path, string[] header, List<string[]> rows, Prediction[] predictions)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder) Directory.CreateDirectory(folder);
        using var writer = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false));
        using var csv = new CsvHelper.CsvWriter(writer, CultureInfo.InvariantCulture);
        string[] added = ["probability", "predicted", "kind", "flagged"];
        foreach (var column in header) csv.WriteField(added.Contains(column) ? "input_" + column : column);
        foreach (var column in added) csv.WriteField(column);
        csv.NextRecord();
        for (var i = 0; i < rows.Count; i++)
        {
            foreach (var field in rows[i]) csv.WriteField(field);
            csv.WriteField(predictions[i].Probability.ToString("F4", CultureInfo.InvariantCulture));
            csv.WriteField(predictions[i].Probability >= 0.5f ? "1" : "0");
            csv.WriteField(predictions[i].Kind ?? "");
            csv.WriteField(predictions[i].Kind is null ? "" : Kinds.Flags(predictions[i].Kind) ? "1" : "0");
            csv.NextRecord();
        }
    }

    private static StereotypeClassifier LoadClassifier(string folder, ClassifierOptions session)
    {
        try
        {
            return StereotypeClassifier.Load(folder, session);
        }
        catch (Exception ex) when (ex is FileNotFoundException or InvalidDataException)
        {
            throw new CliException(ex.Message);
        }
    }

    internal static bool ParseLabel(string value, int line) => value.Trim().ToLowerInvariant() switch
    {
        "1" or "true" or "stereotype" => true,
        "0" or "false" or "not_stereotype" => false,
        _ => throw new CliException($"line {line}: label '{value}' is not 0/1"),
    };

    internal static void Print(BinaryMetrics m)
    {
        Console.WriteLine($"accuracy={F(m.Accuracy)}");
        Console.WriteLine("class           precision  recall  f1      support");
        Console.WriteLine($"not_stereotype  {F(m.NegativePrecision)}     {F(m.NegativeRecall)}  {F(m.NegativeF1)}  {m.TrueNegatives + m.FalsePositives}");
        Console.WriteLine($"stereotype      {F(m.PositivePrecision)}     {F(m.PositiveRecall)}  {F(m.PositiveF1)}  {m.TruePositives + m.FalseNegatives}");
        Console.WriteLine("confusion (rows gold, columns predicted: not_stereotype stereotype)");
        Console.WriteLine($"  not_stereotype  {m.TrueNegatives,6} {m.FalsePositives,6}");
        Console.WriteLine($"  stereotype      {m.FalseNegatives,6} {m.TruePositives,6}");
    }

    private static string F(double v) => v.ToString("F4", CultureInfo.InvariantCulture);
}
