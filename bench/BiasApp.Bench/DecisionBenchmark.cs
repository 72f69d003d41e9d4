using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using BiasApp.Core;
using BiasApp.Core.Analysis;
using BiasApp.Core.Classification;
using BiasApp.Core.Decisions;
using BiasApp.Core.Inference;
using Microsoft.Extensions.DependencyInjection;
using static System.FormattableString;

namespace BiasApp.Bench;

/// <summary>
/// <c>decisions [--decisions 10000] [--queries 60] [--repeats 5] [--rss-repeats 3]</c>: what team decisions cost, on the
/// app's pipeline (rules on) with the shipped model. Decided sentences and queries come from <see cref="Texts"/> (one
/// template family, so many queries are above the similarity threshold of some decision and the word test runs); a third
/// of the queries are a decided sentence with another year (a near-duplicate that matches).
/// <list type="bullet">
/// <item>lookup: <see cref="DecisionMatcher.MatchExact"/> then <see cref="DecisionMatcher.MatchEmbedding"/> for one
/// sentence whose embedding is known (the model run excluded);</item>
/// <item>analysis: one-sentence analyses with no decisions and with them, alternated sentence by sentence so that the
/// machine's load falls on both alike; result cache off (every sentence is a model run, which also gives the embedding)
/// and on (every sentence a cache hit; with decisions it takes an embedding run);</item>
/// <item>rss: child processes, alternately without decisions and with them, that load the model, analyse, hold the
/// decisions (embedded by the model, as <c>TeamDecisions</c> does at start) and then hand memory back as the app's idle
/// trimmer does; each prints its VmRSS before and after that trim.</item>
/// </list>
/// p50 and p95 are per repeat; the figures printed are their medians over the repeats.
/// </summary>
internal static class DecisionBenchmark
{
    public static async Task<int> RunAsync(string model, Func<string, string?> option)
    {
        var count = Int(option("--decisions"), 10_000);
        if (option("--rss-child") is { } child) return await RssChildAsync(model, int.Parse(child, CultureInfo.InvariantCulture));
        var queryCount = Int(option("--queries"), 60);
        var repeats = Int(option("--repeats"), 5);
        var rssRepeats = Int(option("--rss-repeats"), 3);
        Console.WriteLine($"# decisions={count} queries={queryCount} repeats={repeats} cores={Environment.ProcessorCount} load={LoadAverage()}");

        await using var uncached = Services(model, cache: false);
        await using var cached = Services(model, cache: true);
        var classifier = uncached.GetRequiredService<ModelHost>().Classifier!;
        var decided = DecidedSentences(count);
        var decisions = decided.Select((t, i) => new TeamDecision(i + 1, t, Kinds.None, "lead@example.test", DateTime.UtcNow)).ToArray();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var watch = Stopwatch.StartNew();
        var matcher = DecisionMatcher.Build(decisions, classifier, DecisionOptions.DefaultSimilarity);
        var buildSeconds = watch.Elapsed.TotalSeconds;
        var held = (GC.GetTotalMemory(forceFullCollection: true) - heapBefore) / 1048576.0;
        Console.WriteLine(Invariant($"build decisions={count} seconds={buildSeconds:F1} matcher_heap_mb={held:F1} embeddings_mb={matcher.EmbeddingBytes / 1048576.0:F2} (texts and records held by the caller not counted)"));

        var queries = Queries(decided, queryCount);
        var embeddings = classifier.Embed(queries);
        var matched = queries.Where((q, i) => (matcher.MatchExact(q) ?? matcher.MatchEmbedding(q, embeddings[i])) is not null).Count();
        var lookup = Repeat(repeats, () => queries.Select((q, i) => Time(() => _ = matcher.MatchExact(q) ?? matcher.MatchEmbedding(q, embeddings[i]))).ToList());
        Print("lookup", lookup, $" matched={matched}/{queries.Length}");

        foreach (var (name, provider) in new[] { ("analysis_uncached", uncached), ("analysis_cached", cached) })
        {
            var book = provider.GetRequiredService<DecisionBook>();
            var analysis = provider.GetRequiredService<AnalysisService>();
            // Warm-up, and for the cached pipeline the cache fill.
            foreach (var q in queries) await analysis.AnalyzeAsync(new AnalysisRequest(q));
            var without = new List<List<double>>();
            var with = new List<List<double>>();
            for (var r = 0; r < repeats; r++)
            {
                var a = new List<double>();
                var b = new List<double>();
                foreach (var q in queries)
                {
                    book.Replace(DecisionMatcher.Empty);
                    a.Add(await TimeAsync(() => analysis.AnalyzeAsync(new AnalysisRequest(q))));
                    book.Replace(matcher);
                    b.Add(await TimeAsync(() => analysis.AnalyzeAsync(new AnalysisRequest(q))));
                }
                without.Add(a);
                with.Add(b);
            }
            Print(name + " decisions=0", without, "");
            Print(name + Invariant($" decisions={count}"), with, Invariant($" added_p50_ms={Median(with, 0.5) - Median(without, 0.5):F2}"));
        }

        if (rssRepeats > 0) await RssAsync(model, count, rssRepeats);
        Console.WriteLine($"# load average at the end {LoadAverage()}");
        return 0;
    }

    private static async Task RssAsync(string model, int count, int repeats)
    {
        var none = new List<(double Before, double After)>();
        var some = new List<(double Before, double After)>();
        for (var r = 0; r < repeats; r++)
        {
            none.Add(await ChildAsync(model, 0));
            some.Add(await ChildAsync(model, count));
        }
        var growth = none.Zip(some, (a, b) => b.After - a.After).ToList();
        Console.WriteLine(Invariant(
            $"rss decisions=0 untrimmed_mb={ProcStatus.Percentile(none.Select(x => x.Before).ToList(), 0.5):F1} settled_mb={ProcStatus.Percentile(none.Select(x => x.After).ToList(), 0.5):F1}"));
        Console.WriteLine(Invariant(
            $"rss decisions={count} untrimmed_mb={ProcStatus.Percentile(some.Select(x => x.Before).ToList(), 0.5):F1} settled_mb={ProcStatus.Percentile(some.Select(x => x.After).ToList(), 0.5):F1}"));
        Console.WriteLine(Invariant(
            $"rss growth_mb median={ProcStatus.Percentile(growth, 0.5):F1} pairs={string.Join(",", growth.Select(g => g.ToString("F1", CultureInfo.InvariantCulture)))}"));
    }

    private static async Task<(double Before, double After)> ChildAsync(string model, int count)
    {
        var self = typeof(DecisionBenchmark).Assembly.Location;
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
        if (!Path.GetFileNameWithoutExtension(Environment.ProcessPath!).Equals("BiasApp.Bench", StringComparison.OrdinalIgnoreCase))
            start.ArgumentList.Add(self);
        foreach (var arg in new[] { "decisions", "--model", model, "--rss-child", count.ToString(CultureInfo.InvariantCulture) }) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var line = output.Split('\n').Single(l => l.StartsWith("child ", StringComparison.Ordinal));
        double Field(string name) => double.Parse(line.Split(' ').Single(p => p.StartsWith(name + "=", StringComparison.Ordinal))[(name.Length + 1)..], CultureInfo.InvariantCulture);
        Console.WriteLine("# " + line.Trim());
        return (Field("untrimmed_mb"), Field("settled_mb"));
    }

    // A process as the app is after start: model loaded, some analyses done, the decisions held; then the idle trim.
    private static async Task<int> RssChildAsync(string model, int count)
    {
        await using var provider = Services(model, cache: true);
        var classifier = provider.GetRequiredService<ModelHost>().Classifier!;
        var analysis = provider.GetRequiredService<AnalysisService>();
        var random = new Random(3);
        foreach (var _ in Enumerable.Range(0, 20)) await analysis.AnalyzeAsync(new AnalysisRequest(Texts.Sentence(random)));
        if (count > 0)
        {
            var decisions = DecidedSentences(count).Select((t, i) => new TeamDecision(i + 1, t, Kinds.None, "lead@example.test", DateTime.UtcNow)).ToList();
            provider.GetRequiredService<DecisionBook>().Replace(DecisionMatcher.Build(decisions, classifier, DecisionOptions.DefaultSimilarity));
        }
        foreach (var _ in Enumerable.Range(0, 20)) await analysis.AnalyzeAsync(new AnalysisRequest(Texts.Sentence(random)));
        var pid = Environment.ProcessId;
        var untrimmed = ProcStatus.Rss(pid);
        // What MemoryTrimmer does once the app is idle.
        (classifier as StereotypeClassifier)?.ReleaseMemory();
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        NativeHeap.Trim();
        MappedFiles.PageOut();
        Console.WriteLine(Invariant(
            $"child decisions={count} untrimmed_mb={untrimmed:F1} settled_mb={ProcStatus.Rss(pid):F1} gc_heap_mb={GC.GetTotalMemory(false) / 1048576.0:F1} peak_mb={ProcStatus.Peak(pid):F1}"));
        GC.KeepAlive(provider.GetRequiredService<DecisionBook>().Current);
        return 0;
    }

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
