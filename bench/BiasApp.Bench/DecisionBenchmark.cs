using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using BiasApp.Core;
using BiasApp.Core.Analysis;
using BiasApp.Core.Classification;
using BiasApp.Core.Decisions;
using BiasApp.Core.Inference;
using BiasApp.Core.Rules;
using Microsoft.Extensions.DependencyInjection;
using static System.FormattableString;

namespace BiasApp.Bench;

/// <summary>
/// <c>decisions [--decisions 10000] [--queries 200] [--repeats 5] [--rss-repeats 5]</c>: what team decisions cost, on the
/// app's pipeline (rules on) with the shipped model. Decided sentences and queries come from <see cref="Texts"/> (one
/// template family, so many queries are above the similarity threshold of some decision and the word test runs); a third
/// of the queries are a decided sentence with another year (a near-duplicate that matches).
/// <list type="bullet">
/// <item>lookup: <see cref="DecisionMatcher.MatchExact"/> then <see cref="DecisionMatcher.MatchEmbedding"/> for one
/// sentence whose embedding is known (the model run excluded);</item>
/// <item>analysis: one-sentence analyses with no decisions and with them, alternated by halves of the queries so that the
/// machine's load falls on both alike; result cache off (every sentence is a model run, which also gives the embedding)
/// and on (every sentence a cache hit; with decisions it takes an embedding run);</item>
/// <item>rss: child processes with the app's runtime settings (workstation non-concurrent GC, no quick JIT), alternately
/// without decisions and with them, that load the model, analyse, hold the
/// decisions (embedded by the model, as <c>TeamDecisions</c> does at start) and then hand memory back as the app's idle
/// trimmer does; each prints its VmRSS before and after that trim (and RssAnon, and VmRSS after the mapped files' clean
/// pages are handed back, which varies by several MB from run to run), and the growth is the median over the pairs.</item>
/// </list>
/// p50 and p95 are per repeat; the figures printed are their medians over the repeats. <c>cpu_ms</c> is the process's CPU
/// time per operation (all threads), the median over the repeats.
/// </summary>
internal static class DecisionBenchmark
{
    public static async Task<int> RunAsync(string model, Func<string, string?> option)
    {
        var count = Int(option("--decisions"), 10_000);
        if (option("--rss-child") is { } child) return await RssChildAsync(model, int.Parse(child, CultureInfo.InvariantCulture));
        var queryCount = Int(option("--queries"), 200);
        var repeats = Int(option("--repeats"), 5);
        var rssRepeats = Int(option("--rss-repeats"), 5);
        Console.WriteLine($"# decisions={count} queries={queryCount} repeats={repeats} cores={Environment.ProcessorCount} load={LoadAverage()}");
        // First, while this process has not mapped the model: a page mapped by two processes is not paged out.
        if (rssRepeats > 0) await RssAsync(model, count, rssRepeats);
        if (repeats == 0) return 0;

        await using var uncached = Services(model, cache: false);
        await using var cached = Services(model, cache: true);
        var classifier = Classifier(uncached);
        var decided = DecidedSentences(count);
        var decisions = decided.Select((t, i) => new TeamDecision(i + 1, t, Kinds.None, "lead@example.test", DateTime.UtcNow)).ToArray();
        var watch = Stopwatch.StartNew();
        var matcher = DecisionMatcher.Build(decisions, classifier, DecisionOptions.DefaultSimilarity, Details(uncached));
        // What the matcher holds is the rss children's matcher_heap_mb; this process keeps the decisions list as well.
        Console.WriteLine(Invariant($"build decisions={count} seconds={watch.Elapsed.TotalSeconds:F1} embeddings_mb={matcher.EmbeddingBytes / 1048576.0:F2}"));

        var queries = Queries(decided, queryCount);
        var embeddings = classifier.Embed(queries);
        var matched = queries.Where((q, i) => (matcher.MatchExact(q) ?? matcher.MatchEmbedding(q, embeddings[i])) is not null).Count();
        var lookupCpu = new List<double>();
        var lookup = Repeat(repeats, () => Cpu(lookupCpu, queries.Length,
            () => queries.Select((q, i) => Time(() => _ = matcher.MatchExact(q) ?? matcher.MatchEmbedding(q, embeddings[i]))).ToList()));
        Print("lookup", lookup, Invariant($" cpu_ms={ProcStatus.Percentile(lookupCpu, 0.5):F3} matched={matched}/{queries.Length}"));
        // Sentences about something else: close to no decision, so the scan of the embeddings is all the lookup does.
        string[] unrelated = ["The museum opens at ten on Sundays.", "Please send the invoice before Friday.", "The train to the coast was cancelled again.",
            "Our garden needs more water this summer.", "The committee approved the new budget yesterday."];
        var unrelatedEmbeddings = classifier.Embed(unrelated);
        var scanCpu = new List<double>();
        var scan = Repeat(repeats, () => Cpu(scanCpu, queries.Length,
            () => Enumerable.Range(0, queries.Length).Select(i => Time(() => _ = matcher.MatchExact(unrelated[i % unrelated.Length])
                ?? matcher.MatchEmbedding(unrelated[i % unrelated.Length], unrelatedEmbeddings[i % unrelated.Length]))).ToList()));
        Print("lookup_unrelated", scan, Invariant($" cpu_ms={ProcStatus.Percentile(scanCpu, 0.5):F3}"));

        foreach (var (name, provider) in new[] { ("analysis_uncached", uncached), ("analysis_cached", cached) })
        {
            var book = provider.GetRequiredService<DecisionBook>();
            var analysis = provider.GetRequiredService<AnalysisService>();
            // Warm-up, and for the cached pipeline the cache fill.
            foreach (var q in queries) await analysis.AnalyzeAsync(new AnalysisRequest(q));
            var without = new List<List<double>>();
            var with = new List<List<double>>();
            var withoutCpu = new List<double>();
            var withCpu = new List<double>();
            for (var r = 0; r < repeats; r++)
            {
                // Alternated by halves of the queries rather than per sentence, so each half's process CPU time is its own.
                var a = new List<double>();
                var b = new List<double>();
                foreach (var half in queries.Chunk((queries.Length + 1) / 2))
                {
                    book.Replace(DecisionMatcher.Empty);
                    withoutCpu.Add(await CpuAsync(half.Length, async () => { foreach (var q in half) a.Add(await TimeAsync(() => analysis.AnalyzeAsync(new AnalysisRequest(q)))); }));
                    book.Replace(matcher);
                    withCpu.Add(await CpuAsync(half.Length, async () => { foreach (var q in half) b.Add(await TimeAsync(() => analysis.AnalyzeAsync(new AnalysisRequest(q)))); }));
                }
                without.Add(a);
                with.Add(b);
            }
            var cpuWithout = ProcStatus.Percentile(withoutCpu, 0.5);
            var cpuWith = ProcStatus.Percentile(withCpu, 0.5);
            Print(name + " decisions=0", without, Invariant($" cpu_ms={cpuWithout:F3}"));
            Print(name + Invariant($" decisions={count}"), with,
                Invariant($" cpu_ms={cpuWith:F3} added_p50_ms={Median(with, 0.5) - Median(without, 0.5):F2} added_cpu_ms={cpuWith - cpuWithout:F2}"));
        }

        Console.WriteLine($"# load average at the end {LoadAverage()}");
        return 0;
    }

    private static async Task RssAsync(string model, int count, int repeats)
    {
        var none = new List<Dictionary<string, double>>();
        var some = new List<Dictionary<string, double>>();
        for (var r = 0; r < repeats; r++)
        {
            none.Add(await ChildAsync(model, 0));
            some.Add(await ChildAsync(model, count));
        }
        foreach (var field in new[] { "settled_mb", "anon_mb", "paged_out_mb", "gc_committed_mb" })
        {
            var growth = none.Zip(some, (a, b) => b[field] - a[field]).ToList();
            Console.WriteLine(Invariant(
                $"rss {field} decisions=0 {ProcStatus.Percentile(none.Select(x => x[field]).ToList(), 0.5):F1} decisions={count} {ProcStatus.Percentile(some.Select(x => x[field]).ToList(), 0.5):F1} growth_median={ProcStatus.Percentile(growth, 0.5):F1} pairs={string.Join(",", growth.Select(g => g.ToString("F1", CultureInfo.InvariantCulture)))}"));
        }
    }

    private static async Task<Dictionary<string, double>> ChildAsync(string model, int count)
    {
        var self = typeof(DecisionBenchmark).Assembly.Location;
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
        // The app's runtime settings (src/BiasApp/BiasApp.csproj): workstation non-concurrent GC, no quick JIT.
        start.Environment["DOTNET_gcServer"] = "0";
        start.Environment["DOTNET_gcConcurrent"] = "0";
        start.Environment["DOTNET_TC_QuickJit"] = "0";
        if (!Path.GetFileNameWithoutExtension(Environment.ProcessPath!).Equals("BiasApp.Bench", StringComparison.OrdinalIgnoreCase))
            start.ArgumentList.Add(self);
        foreach (var arg in new[] { "decisions", "--model", model, "--rss-child", count.ToString(CultureInfo.InvariantCulture) }) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var line = output.Split('\n').Single(l => l.StartsWith("child ", StringComparison.Ordinal)).Trim();
        Console.WriteLine("# " + line);
        return line.Split(' ').Skip(1).Select(p => p.Split('=', 2)).Where(p => p[0].EndsWith("_mb", StringComparison.Ordinal))
            .ToDictionary(p => p[0], p => double.Parse(p[1], CultureInfo.InvariantCulture));
    }

    // A process as the app is after start: model loaded, some analyses done, the decisions held; then the idle trim.
    private static async Task<int> RssChildAsync(string model, int count)
    {
        await using var provider = Services(model, cache: true);
        var classifier = Classifier(provider);
        var analysis = provider.GetRequiredService<AnalysisService>();
        var random = new Random(3);
        foreach (var _ in Enumerable.Range(0, 20)) await analysis.AnalyzeAsync(new AnalysisRequest(Texts.Sentence(random)));
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        if (count > 0) provider.GetRequiredService<DecisionBook>().Replace(Load(classifier, Details(provider), count));
        var matcherHeap = (GC.GetTotalMemory(forceFullCollection: true) - heapBefore) / 1048576.0;
        foreach (var _ in Enumerable.Range(0, 20)) await analysis.AnalyzeAsync(new AnalysisRequest(Texts.Sentence(random)));
        var pid = Environment.ProcessId;
        var untrimmed = ProcStatus.Rss(pid);
        // What MemoryTrimmer does once the app is idle: the arena, the GC heap, malloc's heaps, then the mapped files' clean
        // pages. Those come back as the process touches them again, at times that differ from run to run, so the figure
        // compared is the one before the page-out, when every page touched since start is still counted.
        (classifier as StereotypeClassifier)?.ReleaseMemory();
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        NativeHeap.Trim();
        var settled = ProcStatus.Rss(pid);
        var anon = ProcStatus.Read(pid, "RssAnon");
        MappedFiles.PageOut();
        var gc = GC.GetGCMemoryInfo();
        Console.WriteLine(Invariant(
            $"child decisions={count} untrimmed_mb={untrimmed:F1} settled_mb={settled:F1} anon_mb={anon:F1} paged_out_mb={ProcStatus.Rss(pid):F1} gc_committed_mb={gc.TotalCommittedBytes / 1048576.0:F1} matcher_heap_mb={matcherHeap:F1} threads={Process.GetCurrentProcess().Threads.Count}"));
        GC.KeepAlive(provider.GetRequiredService<DecisionBook>().Current);
        return 0;
    }

    // Not in the async method: its locals live in its state machine until it returns, and the records read from the
    // database are garbage once the matcher is built, as in TeamDecisions.
    private static DecisionMatcher Load(IStereotypeClassifier classifier, NearDuplicates details, int count)
    {
        var decisions = DecidedSentences(count).Select((t, i) => new TeamDecision(i + 1, t, Kinds.None, "lead@example.test", DateTime.UtcNow)).ToList();
        return DecisionMatcher.Build(decisions, classifier, DecisionOptions.DefaultSimilarity, details);
    }

    // As TeamDecisions: the group words a near-duplicate may not change come from the rules' lexicon.
    private static NearDuplicates Details(ServiceProvider provider) => NearDuplicates.From(provider.GetRequiredService<RuleDetector>().Lexicon);

    private static IStereotypeClassifier Classifier(ServiceProvider provider) =>
        provider.GetRequiredService<ModelHost>() is { Classifier: { } loaded } ? loaded
            : throw new InvalidOperationException($"The model did not load: {provider.GetRequiredService<ModelHost>().LoadError}");

    private static ServiceProvider Services(string model, bool cache)
    {
        var services = new ServiceCollection();
        services.AddBiasCore();
        services.Configure<ClassifierOptions>(o => o.Path = model);
        services.Configure<CacheOptions>(o => o.Enabled = cache);
        return services.BuildServiceProvider();
    }

    // Distinct generated sentences, the same for every process.
    private static string[] DecidedSentences(int count)
    {
        var random = new Random(11);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (seen.Count < count) seen.Add(Texts.Sentence(random));
        return [.. seen];
    }

    // Two thirds new sentences of the same family, one third a decided sentence with its year changed.
    private static string[] Queries(string[] decided, int count)
    {
        var random = new Random(13);
        var withYear = decided.Where(d => d.EndsWith(".", StringComparison.Ordinal) && d.Contains(" since ", StringComparison.Ordinal)).ToArray();
        return Enumerable.Range(0, count).Select(i =>
        {
            if (i % 3 != 0) return Texts.Sentence(random);
            var d = withYear[random.Next(withYear.Length)];
            return d[..(d.LastIndexOf(" since ", StringComparison.Ordinal) + 7)] + random.Next(1900, 1950).ToString(CultureInfo.InvariantCulture) + ".";
        }).ToArray();
    }

    private static List<List<double>> Repeat(int repeats, Func<List<double>> run) => Enumerable.Range(0, repeats).Select(_ => run()).ToList();

    // The process's CPU time per operation over a whole run of count operations (all threads: ONNX Runtime's too); less
    // sensitive than wall time to other processes on a shared machine.
    private static T Cpu<T>(List<double> perOperation, int count, Func<T> run)
    {
        var before = Process.GetCurrentProcess().TotalProcessorTime;
        var result = run();
        perOperation.Add((Process.GetCurrentProcess().TotalProcessorTime - before).TotalMilliseconds / count);
        return result;
    }

    private static async Task<double> CpuAsync(int count, Func<Task> run)
    {
        var before = Process.GetCurrentProcess().TotalProcessorTime;
        await run();
        return (Process.GetCurrentProcess().TotalProcessorTime - before).TotalMilliseconds / count;
    }

    private static double Time(Action action)
    {
        var start = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    private static async Task<double> TimeAsync(Func<Task> action)
    {
        var start = Stopwatch.GetTimestamp();
        await action();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    private static double Median(List<List<double>> runs, double q) => ProcStatus.Percentile(runs.Select(r => ProcStatus.Percentile(r, q)).ToList(), 0.5);

    private static void Print(string name, List<List<double>> runs, string extra) =>
        Console.WriteLine(Invariant($"{name} p50_ms={Median(runs, 0.5):F3} p95_ms={Median(runs, 0.95):F3}{extra}"));

    private static int Int(string? value, int fallback) => value is null ? fallback : int.Parse(value, CultureInfo.InvariantCulture);

    private static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
}
