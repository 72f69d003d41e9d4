using System.Diagnostics;
using BiasApp.Core.Classification;
using BiasApp.Core.Explanations;
using BiasApp.Research.Explanations;

// Usage: dotnet run -c Release --project bench/BiasApp.Bench -- explain [--model DIR] [--runs N] [--warmup N]
//        [--shap-budget N] [--lime-samples N] [--share true|false] [--modes none,shap,lime,both] [--model-batch N] [--parallel N] [--threads N]
//        session [--threads N] [--concurrency N] [--arena B] [--spin B] [--opt ORT_ENABLE_ALL] [--seconds S]
//        scoring [--texts FILE.csv] [--count N] [--chunk N] [--batch N] [--rounds N]
//        long-text [--chars 20000] [--runs 5] [--explain none|shap|lime|both]
//        document [--pages 100] [--texts FILE.csv] [--runs 3] [--write FILE.pdf [--skip N]]   (see bench/document-rss.sh)
//        report [--rows 3000] [--texts FILE.csv] [--runs 5] [--explained 10] [--max-flagged 200] [--font TTF] [--bold-font TTF] [--out DIR]
//        decisions [--decisions 10000] [--queries 200] [--repeats 5] [--rss-repeats 5]
//        load --pid PID [--url U] [--clients 1,4,16] [--duration S] [--explain-share F] [--api-key K]  (see bench/load.sh)
// Latency is wall time per request; alloc_mb is managed bytes allocated during a request (all threads);
// cpu_ms is process CPU time per request (both ONNX threads; less sensitive to other load on the machine than wall time);
// heap_mb is the growth of the live GC heap across a request after a full collection (what a request retains).
var benchmark = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "explain";
var model = Option("--model") ?? (benchmark == "load" ? "" : FindModelFolder());
var runs = int.Parse(Option("--runs") ?? "30", System.Globalization.CultureInfo.InvariantCulture);
var warmup = int.Parse(Option("--warmup") ?? "5", System.Globalization.CultureInfo.InvariantCulture);

if (benchmark == "load") return await BiasApp.Bench.LoadBenchmark.RunAsync(Option);
if (benchmark == "session") return BiasApp.Bench.SessionBenchmark.Run(model, Option);
if (benchmark == "scoring") return BiasApp.Bench.ScoringBenchmark.Run(model, Option);
if (benchmark == "long-text") return await BiasApp.Bench.LongTextBenchmark.RunAsync(model, Option);
if (benchmark == "document") return await BiasApp.Bench.DocumentBenchmark.RunAsync(model, Option);
if (benchmark == "report") return await BiasApp.Bench.ReportBenchmark.RunAsync(model, Option);
if (benchmark == "decisions") return await BiasApp.Bench.DecisionBenchmark.RunAsync(model, Option);
if (benchmark != "explain")
{
    Console.Error.WriteLine($"Unknown benchmark '{benchmark}'. Known: explain, session, scoring, long-text, document, report, decisions, load");
    return 2;
}

// 20 words, 22 with the punctuation the explainers also treat as words.
const string sentence = "Old people from the small village are always slow, stubborn and hopeless with phones, computers and new ideas at work.";
using var classifier = StereotypeClassifier.Load(model, new ClassifierOptions
{
    BatchSize = Option("--model-batch") is { } modelBatch ? int.Parse(modelBatch, System.Globalization.CultureInfo.InvariantCulture) : new ClassifierOptions().BatchSize,
    ParallelRuns = Option("--parallel") is { } parallelRuns ? int.Parse(parallelRuns, System.Globalization.CultureInfo.InvariantCulture) : 0,
    IntraOpThreads = Option("--threads") is { } threads ? int.Parse(threads, System.Globalization.CultureInfo.InvariantCulture) : 0,
});
// Defaults are the app's (ExplanationOptions); each can be overridden.
var defaults = new ExplanationOptions();
var options = new ExplanationOptions
{
    ShapBudget = Option("--shap-budget") is { } budget ? int.Parse(budget, System.Globalization.CultureInfo.InvariantCulture) : defaults.ShapBudget,
    LimeSamples = Option("--lime-samples") is { } samples ? int.Parse(samples, System.Globalization.CultureInfo.InvariantCulture) : defaults.LimeSamples,
    ShareSamples = Option("--share") is { } share ? bool.Parse(share) : defaults.ShareSamples,
    ShapSampler = Option("--sampler") is { } sampler ? Enum.Parse<ShapSampler>(sampler, ignoreCase: true) : defaults.ShapSampler,
};
var modes = (Option("--modes") ?? "none,shap,lime,both").Split(',').Select(ExplanationModes.Parse).ToArray();
if (Option("--compare") is { } compare) return CompareConfigurations(compare);
var explainer = new SentenceExplainer(classifier, classifier.Encoder, classifier.Card.MaxLength, options, ShapEstimators.For(options.ShapSampler));
var words = MaskedSentence.Create(classifier.Encoder, sentence, classifier.Card.MaxLength).Words;
Console.WriteLine($"# model={model} features={words.Count} cores={Environment.ProcessorCount} runs={runs} warmup={warmup} shap_budget={options.ShapBudget} sampler={options.ShapSampler} lime_samples={options.LimeSamples} share={options.SharesSamples}");

// Raw model throughput on the same sentence, to tell model cost from explainer overhead.
var ids = classifier.Encoder.Encode(sentence, classifier.Card.MaxLength);
var copies = Enumerable.Repeat(ids, 64).ToArray();
classifier.Score(copies);
var throughput = new double[Math.Max(3, runs / 3)];
var throughputCpu = new double[throughput.Length];
using (var self = System.Diagnostics.Process.GetCurrentProcess())
{
    for (var i = 0; i < throughput.Length; i++)
    {
        self.Refresh();
        var cpuBefore = self.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        classifier.Score(copies);
        throughput[i] = watch.Elapsed.TotalMilliseconds / copies.Length;
        self.Refresh();
        throughputCpu[i] = (self.TotalProcessorTime - cpuBefore).TotalMilliseconds / copies.Length;
    }
}
Console.WriteLine(FormattableString.Invariant($"score_64x{ids.Length}tokens median_ms_per_sequence={Percentile(throughput, 0.5):F2} cpu_ms_per_sequence={Percentile(throughputCpu, 0.5):F2}"));

foreach (var mode in modes)
{
    for (var i = 0; i < warmup; i++) explainer.Explain(sentence, mode);
    var ms = new double[runs];
    var alloc = new double[runs];
    var heap = new double[runs];
    var cpu = new double[runs];
    using var process = System.Diagnostics.Process.GetCurrentProcess();
    var evaluations = 0;
    for (var i = 0; i < runs; i++)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var heapBefore = GC.GetTotalMemory(false);
        var allocBefore = GC.GetTotalAllocatedBytes(precise: true);
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var result = explainer.Explain(sentence, mode);
        watch.Stop();
        process.Refresh();
        cpu[i] = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds;
        var allocAfter = GC.GetTotalAllocatedBytes(precise: true);
        evaluations = result.Evaluations;
        result = null;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        ms[i] = watch.Elapsed.TotalMilliseconds;
        alloc[i] = (allocAfter - allocBefore) / 1048576.0;
        heap[i] = (GC.GetTotalMemory(false) - heapBefore) / 1048576.0;
    }
    Console.WriteLine(FormattableString.Invariant(
        $"explain_{mode.ToValue()} median_ms={Percentile(ms, 0.5):F1} p95_ms={Percentile(ms, 0.95):F1} cpu_ms={Percentile(cpu, 0.5):F0} alloc_mb={Percentile(alloc, 0.5):F2} heap_mb={Percentile(heap, 0.5):F3} evaluations={evaluations}"));
}
return 0;

// --compare "name:key=value,...;name:...": one explain=both per configuration in turn, `runs` rounds, so that the
// load of a shared machine falls on every configuration alike. Keys: sampler, budget, lime, share.
int CompareConfigurations(string spec)
{
    var configs = spec.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(part =>
    {
        var (name, settings) = part.Contains(':') ? (part[..part.IndexOf(':')], part[(part.IndexOf(':') + 1)..]) : (part, "");
        var o = new ExplanationOptions { ShapBudget = options.ShapBudget, LimeSamples = options.LimeSamples, ShareSamples = options.ShareSamples, ShapSampler = options.ShapSampler };
        foreach (var setting in settings.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, value) = (setting[..setting.IndexOf('=')], setting[(setting.IndexOf('=') + 1)..]);
            switch (key)
            {
                case "sampler": o.ShapSampler = Enum.Parse<ShapSampler>(value, ignoreCase: true); break;
                case "budget": o.ShapBudget = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
                case "lime": o.LimeSamples = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
                case "share": o.ShareSamples = bool.Parse(value); break;
                default: throw new ArgumentException($"unknown key '{key}' in --compare");
            }
        }
        return (Name: name, Explainer: new SentenceExplainer(classifier, classifier.Encoder, classifier.Card.MaxLength, o, ShapEstimators.For(o.ShapSampler)));
    }).ToArray();
    var wall = configs.Select(_ => new List<double>()).ToArray();
    var cpuTimes = configs.Select(_ => new List<double>()).ToArray();
    var evaluations = new int[configs.Length];
    using var process = System.Diagnostics.Process.GetCurrentProcess();
    for (var round = -warmup; round < runs; round++)
    {
        for (var c = 0; c < configs.Length; c++)
        {
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            evaluations[c] = configs[c].Explainer.Explain(sentence, ExplanationMode.Both).Evaluations;
            watch.Stop();
            process.Refresh();
            if (round < 0) continue;
            wall[c].Add(watch.Elapsed.TotalMilliseconds);
            cpuTimes[c].Add((process.TotalProcessorTime - cpuBefore).TotalMilliseconds);
        }
    }
    for (var c = 0; c < configs.Length; c++)
        Console.WriteLine(FormattableString.Invariant(
            $"compare {configs[c].Name} explain_both median_ms={Percentile(wall[c].ToArray(), 0.5):F1} p95_ms={Percentile(wall[c].ToArray(), 0.95):F1} cpu_ms={Percentile(cpuTimes[c].ToArray(), 0.5):F0} evaluations={evaluations[c]} cpu_ms_per_evaluation={Percentile(cpuTimes[c].ToArray(), 0.5) / evaluations[c]:F2}"));
    Console.WriteLine($"# load average {File.ReadAllText("/proc/loadavg").Trim()}");
    return 0;
}

string? Option(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

static double Percentile(double[] values, double q) => BiasApp.Bench.ProcStatus.Percentile(values, q);

static string FindModelFolder()
{
    foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "models", "stereotype-minilm");
            if (File.Exists(Path.Combine(candidate, "model.onnx"))) return candidate;
        }
    }
    throw new DirectoryNotFoundException("models/stereotype-minilm not found; pass --model DIR.");
}
