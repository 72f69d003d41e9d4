using System.Diagnostics;
using System.Globalization;
using BiasApp.Core;
using BiasApp.Core.Analysis;
using BiasApp.Core.Batches;
using BiasApp.Core.Classification;
using BiasApp.Core.Explanations;
using BiasApp.Core.Reports;
using BiasApp.Core.Scoring;
using CsvHelper;
using Microsoft.Extensions.DependencyInjection;

namespace BiasApp.Bench;

/// <summary>
/// The report of a batch: scores <c>--rows</c> rows of the shared LLM outputs (a seeded sample across the 12 models,
/// compared by <c>llm</c>, grouped by <c>group</c>) as the batch worker does, makes the heatmaps of the
/// <c>--explained</c> highest flagged sentences as the report service does (SHAP and LIME), then times gathering, building
/// and writing the report as PDF and HTML over <c>--runs</c> runs after a warm-up. The target: the PDF of a 3,000-row
/// batch in at most 10 s and under 5 MB. <c>--out DIR</c> keeps the last PDF and HTML there.
/// </summary>
internal static class ReportBenchmark
{
    public static async Task<int> RunAsync(string model, Func<string, string?> option)
    {
        var rows = int.Parse(option("--rows") ?? "3000", CultureInfo.InvariantCulture);
        var runs = int.Parse(option("--runs") ?? "5", CultureInfo.InvariantCulture);
        var explained = int.Parse(option("--explained") ?? "10", CultureInfo.InvariantCulture);
        var maxFlagged = int.Parse(option("--max-flagged") ?? "200", CultureInfo.InvariantCulture);
        var fonts = PdfReportFonts.Load(option("--font") ?? "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
            option("--bold-font") ?? "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", out var fontProblem);
        if (fontProblem is not null) Console.Error.WriteLine($"# fonts: built-in Helvetica ({fontProblem})");
        var path = option("--texts") ?? FindLlmOutputs();
        var input = path is null ? Generated(rows) : Sample(path, rows);

        var services = new ServiceCollection();
        // The app's explainer (SHAP and LIME at the default settings), registered before the core's placeholder.
        services.AddSingleton<ISentenceExplainer, ModelSentenceExplainer>();
        services.AddOptions<ExplanationOptions>();
        services.AddBiasCore();
        services.Configure<ClassifierOptions>(o => o.Path = model);
        services.Configure<BiasApp.Core.Inference.CacheOptions>(o => o.Enabled = false);
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        var scorer = scope.ServiceProvider.GetRequiredService<SentenceScorer>();
        var analysis = scope.ServiceProvider.GetRequiredService<AnalysisService>();
        var card = scope.ServiceProvider.GetRequiredService<ModelHost>().Classifier?.Card ?? throw new InvalidOperationException("The model did not load.");

        // Scoring, in the worker's chunks of 64 rows: not part of the report's time, which starts from the stored rows.
        var watch = Stopwatch.StartNew();
        var batchScorer = new BatchScorer(scorer);
        var scored = new List<ScoredRow>();
        foreach (var chunk in input.Select((r, i) => new BatchInputRow(i, r.Text, r.Group)).Chunk(64)) scored.AddRange(await batchScorer.ScoreAsync(chunk, 0.5));
        var scoringMs = watch.Elapsed.TotalMilliseconds;
        var reportRows = scored.Select(s => new BatchReportRow(s.Index + 2, input[s.Index].Group, input[s.Index].Llm, s.Flagged, s.Sentences)).ToList();

        // Heatmaps of the highest flagged sentences, made once (the service makes them per report, through the result cache).
        watch.Restart();
        var gathered = BatchReportBuilder.Gather("llm_outputs.csv", 0, reportRows, "llm", maxFlagged);
        var explanations = new Dictionary<int, SentenceExplanation>();
        foreach (var (sentence, i) in gathered.Flagged.Take(explained).Select((f, i) => (f, i)))
        {
            if (await analysis.ExplainAsync(new AnalyzedSentence(0, sentence.Text.Length, sentence.Text, Labels.Stereotype, sentence.Probability), ExplanationMode.Both) is { } e)
                explanations[i] = e;
        }
        var heatmapsMs = watch.Elapsed.TotalMilliseconds;

        var method = new ReportMethod(new ModelInfo(card.Name, card.Version), "model", 0.5, DateTimeOffset.UtcNow, new ExplanationOptions(), card)
        {
            Explanations = $"{explanations.Count} heatmaps made with this report (SHAP and LIME)",
        };
        var pdfMs = new List<double>();
        var htmlMs = new List<double>();
        byte[] pdf = [], html = [];
        using var self = Process.GetCurrentProcess();
        var cpu = new List<double>();
        for (var run = -1; run < runs; run++)
        {
            self.Refresh();
            var cpuBefore = self.TotalProcessorTime;
            watch.Restart();
            var input2 = BatchReportBuilder.Gather("llm_outputs.csv", 0, reportRows, "llm", maxFlagged);
            input2 = input2 with { Flagged = [.. input2.Flagged.Select((f, i) => explanations.TryGetValue(i, out var e) ? f with { Explanation = e } : f)] };
            var report = BatchReportBuilder.Build(input2, method, DateTimeOffset.UtcNow);
            pdf = PdfReportWriter.Write(report, fonts);
            var pdfTime = watch.Elapsed.TotalMilliseconds;
            self.Refresh();
            var cpuUsed = (self.TotalProcessorTime - cpuBefore).TotalMilliseconds;
            watch.Restart();
            html = HtmlReportWriter.Write(BatchReportBuilder.Build(input2, method, DateTimeOffset.UtcNow));
            var htmlTime = watch.Elapsed.TotalMilliseconds;
            if (run < 0) continue; // warm-up
            pdfMs.Add(pdfTime);
            htmlMs.Add(htmlTime);
            cpu.Add(cpuUsed);
        }
        if (option("--out") is { } folder)
        {
            Directory.CreateDirectory(folder);
            await File.WriteAllBytesAsync(Path.Combine(folder, "batch-report.pdf"), pdf);
            await File.WriteAllBytesAsync(Path.Combine(folder, "batch-report.html"), html);
        }
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        var pdfP50 = ProcStatus.Percentile(pdfMs, 0.5);
        Console.WriteLine($"report rows={rows} flagged_rows={reportRows.Count(r => r.Flagged)} flagged_sentences={gathered.FlaggedTotal} shown={gathered.Flagged.Count} " +
            $"explained={explanations.Count} fonts={(fonts.Fallback ? "helvetica" : "dejavu")} texts={path ?? "generated"} runs={runs} threads={Environment.ProcessorCount}");
        Console.WriteLine($"scoring_ms={scoringMs:F0} heatmaps_ms={heatmapsMs:F0} pdf_ms_p50={pdfP50:F0} pdf_ms_max={pdfMs.Max():F0} pdf_cpu_ms_p50={ProcStatus.Percentile(cpu, 0.5):F0} " +
            $"pdf_kb={pdf.Length / 1024} pdf_pages={document.NumberOfPages} html_ms_p50={ProcStatus.Percentile(htmlMs, 0.5):F0} html_kb={html.Length / 1024}");
        Console.WriteLine($"target pdf_within_10s={(pdfP50 + heatmapsMs <= 10_000 ? "yes" : "no")} pdf_under_5mb={(pdf.Length < 5 * 1024 * 1024 ? "yes" : "no")} (pdf_ms_p50 + heatmaps_ms = {pdfP50 + heatmapsMs:F0})");
        return 0;
    }

    private sealed record Row(string Text, string? Group, string? Llm);

    private static string? FindLlmOutputs()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "..", "shared", "data", "llm-outputs", "llm_outputs.csv");
            if (File.Exists(path)) return Path.GetFullPath(path);
        }
        return null;
    }

    // A seeded sample of the file's rows, so every model and group is in it.
    private static List<Row> Sample(string path, int count)
    {
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        var all = csv.GetRecords<dynamic>().Select(r => (IDictionary<string, object>)r)
            .Select(r => new Row((string)r["text"], r.TryGetValue("group", out var g) ? (string)g : null, r.TryGetValue("llm", out var l) ? (string)l : null)).ToList();
        var random = new Random(34);
        return [.. all.OrderBy(_ => random.Next()).Take(count)];
    }

    private static List<Row> Generated(int count)
    {
        string[] templates = ["All {0} are lazy and never work hard.", "The {0} I met yesterday fixed my bike.", "{0} are bad at maths.", "Our new colleague is one of the {0}."];
        string[] groups = ["women", "old people", "engineers", "immigrants", "nurses", "teenagers"];
        return [.. Enumerable.Range(0, count).Select(i => new Row(string.Format(CultureInfo.InvariantCulture, templates[i % templates.Length], groups[i % groups.Length]),
            groups[i % groups.Length], $"model-{i % 12}"))];
    }
}
