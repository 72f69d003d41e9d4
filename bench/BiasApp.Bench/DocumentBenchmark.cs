using System.Diagnostics;
using System.Globalization;
using System.Text;
using BiasApp.Core;
using BiasApp.Core.Analysis;
using BiasApp.Core.Classification;
using BiasApp.Core.Documents;
using BiasApp.Core.Explanations;
using CsvHelper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace BiasApp.Bench;

/// <summary>
/// <c>document [--pages 100] [--texts FILE.csv] [--runs 3] [--write FILE.pdf [--skip N]]</c>: writes a PDF of <c>--pages</c> full A4 pages (11 pt text, a
/// heading every page, paragraphs of five sentences) from the <c>text</c> column of <c>--texts</c> (default
/// <c>../shared/data/robustness/train_extra.csv</c> when it exists, else generated sentences), then runs it as the documents
/// API does without explanations: extract (PdfPig), split per paragraph, score with progress (rules on, result cache off).
/// Prints the document's size, the median time to extract and to all scores, the process CPU time for both (less sensitive
/// to other load on the machine than wall time), and the growth of the resident set. With <c>--write</c> it only writes the
/// PDF (from the <c>--skip</c>th sentence on) and exits.
/// </summary>
internal static class DocumentBenchmark
{
    public static async Task<int> RunAsync(string model, Func<string, string?> option)
    {
        var pages = int.Parse(option("--pages") ?? "100", CultureInfo.InvariantCulture);
        var runs = int.Parse(option("--runs") ?? "3", CultureInfo.InvariantCulture);
        var textsPath = option("--texts") ?? FindRobustnessTexts();
        var sentences = textsPath is null ? Generated() : FromCsv(textsPath);
        if (option("--write") is { } output)
        {
            // Only the file, for a run against the real app (bench/document-rss.sh); --skip starts further into the texts.
            var skip = int.Parse(option("--skip") ?? "0", CultureInfo.InvariantCulture);
            await File.WriteAllBytesAsync(output, WritePdf(pages, sentences.Skip(skip)));
            Console.WriteLine($"wrote {output} pages={pages} texts={textsPath ?? "generated"}");
            return 0;
        }

        var services = new ServiceCollection();
        services.AddBiasCore();
        services.Configure<ClassifierOptions>(o => o.Path = model);
        services.Configure<BiasApp.Core.Inference.CacheOptions>(o => o.Enabled = false);
        services.AddSingleton(Options.Create(new DocumentsOptions { MaxCharacters = 5_000_000, MaxPages = 10_000, MaxUploadBytes = 1L << 30 }));
        services.AddSingleton<DocumentExtractor>();
        services.AddScoped<DocumentAnalyzer>();
        await using var provider = services.BuildServiceProvider();
        var extractor = provider.GetRequiredService<DocumentExtractor>();

        var pdf = WritePdf(pages, sentences);
        var pid = Environment.ProcessId;
        using var self = Process.GetCurrentProcess();
        var extracts = new List<double>();
        var scores = new List<double>();
        var rssGrowth = new List<double>();
        var cpu = new List<double>();
        var (extractAlloc, scoreAlloc, live) = (new List<double>(), new List<double>(), new List<double>());
        DocumentAnalysis? last = null;
        for (var run = -1; run < runs; run++)
        {
            last = null;
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var idle = ProcStatus.Rss(pid);
            var liveBefore = GC.GetTotalMemory(forceFullCollection: true);
            var peak = idle;
            using var sampling = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    peak = Math.Max(peak, ProcStatus.Rss(pid));
                    await Task.Delay(50, CancellationToken.None);
                }
            });
            await using var scope = provider.CreateAsyncScope();
            var analyzer = scope.ServiceProvider.GetRequiredService<DocumentAnalyzer>();
            self.Refresh();
            var cpuBefore = self.TotalProcessorTime;
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var watch = Stopwatch.StartNew();
            var document = extractor.Extract(pdf, "bench.pdf");
            var extracted = watch.Elapsed.TotalMilliseconds;
            var allocatedExtracting = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            last = await analyzer.AnalyzeAsync(document, ExplanationMode.None, new Progress<AnalysisProgress>(_ => { }));
            var scored = watch.Elapsed.TotalMilliseconds;
            var allocatedScoring = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore - allocatedExtracting;
            self.Refresh();
            var cpuUsed = (self.TotalProcessorTime - cpuBefore).TotalMilliseconds;
            // What the answer keeps alive (the document and its analysis), after a full collection.
            var retained = GC.GetTotalMemory(forceFullCollection: true) - liveBefore;
            GC.KeepAlive(document);
            await sampling.CancelAsync();
            await sampler;
            if (run < 0) continue; // warm-up
            extractAlloc.Add(allocatedExtracting / 1048576.0);
            scoreAlloc.Add(allocatedScoring / 1048576.0);
            live.Add(retained / 1048576.0);
            extracts.Add(extracted);
            scores.Add(scored);
            rssGrowth.Add(peak - idle);
            cpu.Add(cpuUsed);
        }
        var info = last!.Document!;
        Console.WriteLine($"document pages={info.Pages} paragraphs={info.Paragraphs} characters={info.Characters} sentences={last.Sentences.Count} " +
            $"flagged={last.Summary.FlaggedCount} pdf_kb={pdf.Length / 1024} texts={textsPath ?? "generated"} runs={runs} threads={Environment.ProcessorCount}");
        Console.WriteLine($"extract_ms_p50={ProcStatus.Percentile(extracts, 0.5):F0} all_scores_ms_p50={ProcStatus.Percentile(scores, 0.5):F0} " +
            $"all_scores_ms_max={scores.Max():F0} cpu_ms_p50={ProcStatus.Percentile(cpu, 0.5):F0} rss_growth_mb_max={rssGrowth.Max():F0} " +
            $"extract_alloc_mb={ProcStatus.Percentile(extractAlloc, 0.5):F0} score_alloc_mb={ProcStatus.Percentile(scoreAlloc, 0.5):F0} " +
            $"live_mb={ProcStatus.Percentile(live, 0.5):F1}");
        return 0;
    }

    private static string? FindRobustnessTexts()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "..", "shared", "data", "robustness", "train_extra.csv");
            if (File.Exists(path)) return Path.GetFullPath(path);
        }
        return null;
    }

    private static IEnumerable<string> FromCsv(string path)
    {
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        csv.Read();
        csv.ReadHeader();
        var random = new Random(7);
        var texts = new List<string>();
        while (csv.Read())
        {
            // Single-line, printable in a standard PDF font (WinAnsi): the writer cannot draw other characters.
            var text = csv.GetField("text")?.Trim();
            if (text is { Length: > 20 } && text.All(c => c is >= ' ' and <= '~')) texts.Add(text.EndsWith('.') ? text : text + ".");
        }
        while (true) yield return texts[random.Next(texts.Count)];
    }

    private static IEnumerable<string> Generated()
    {
        var random = new Random(7);
        while (true) yield return Texts.Sentence(random);
    }

    // A4, 11 pt Helvetica at a 14 pt pitch, 90 characters a line: about 3,500 characters a page, as in a dense report.
    private static byte[] WritePdf(int pages, IEnumerable<string> sentences)
    {
        using var builder = new PdfDocumentBuilder();
        var regular = builder.AddStandard14Font(Standard14Font.Helvetica);
        var bold = builder.AddStandard14Font(Standard14Font.HelveticaBold);
        using var source = sentences.GetEnumerator();
        for (var p = 1; p <= pages; p++)
        {
            var page = builder.AddPage(595, 842);
            page.AddText($"Section {p}", 16, new PdfPoint(60, 780), bold);
            var y = 750.0;
            while (y > 120)
            {
                var paragraph = new StringBuilder();
                for (var s = 0; s < 5 && source.MoveNext(); s++) paragraph.Append(source.Current).Append(' ');
                foreach (var line in Wrap(paragraph.ToString(), 90))
                {
                    if (y < 60) break;
                    page.AddText(line, 11, new PdfPoint(60, y), regular);
                    y -= 14;
                }
                y -= 10;
            }
        }
        return builder.Build();
    }

    private static IEnumerable<string> Wrap(string text, int width)
    {
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                yield return line.ToString();
                line.Clear();
            }
            if (line.Length > 0) line.Append(' ');
            line.Append(word);
        }
        if (line.Length > 0) yield return line.ToString();
    }
}
