using System.Diagnostics;
using BiasApp.Core.Classification;
using Microsoft.ML.OnnxRuntime;
using static System.FormattableString;

namespace BiasApp.Bench;

/// <summary>
/// One ONNX Runtime session configuration per process (so VmHWM is its own): single-sentence latency, and batched
/// sentences/s with <c>--concurrency</c> callers at once (as the inference gate allows).
/// </summary>
internal static class SessionBenchmark
{

    public static int Run(string model, Func<string, string?> option)
    {
        var options = new ClassifierOptions
        {
            IntraOpThreads = int.Parse(option("--threads") ?? "0", System.Globalization.CultureInfo.InvariantCulture),
            UseMemoryArena = bool.Parse(option("--arena") ?? "true"),
            AllowSpinning = bool.Parse(option("--spin") ?? "false"),
            GraphOptimization = Enum.Parse<GraphOptimizationLevel>(option("--opt") ?? "ORT_ENABLE_ALL"),
            // --config key=value[,key=value]: extra session configuration entries.
            SessionConfig = (option("--config") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)
                .Select(e => e.Split('=', 2)).ToDictionary(e => e[0], e => e[1]),
        };
        var concurrency = int.Parse(option("--concurrency") ?? "1", System.Globalization.CultureInfo.InvariantCulture);
        var seconds = double.Parse(option("--seconds") ?? "6", System.Globalization.CultureInfo.InvariantCulture);
        var pid = Environment.ProcessId;
        var rssBefore = ProcStatus.Rss(pid);
        var load = Stopwatch.StartNew();
        using var classifier = StereotypeClassifier.Load(model, options);
        var loadMs = load.Elapsed.TotalMilliseconds;
        var rssLoaded = ProcStatus.Rss(pid);
        // --trim true: hand malloc's free memory back after loading (what the app's idle trimmer does).
        if (bool.Parse(option("--trim") ?? "false"))
        {
            BiasApp.Core.Inference.NativeHeap.Trim();
            rssLoaded = ProcStatus.Rss(pid);
        }

        var random = new Random(7);
        var single = Enumerable.Range(0, 50).Select(_ => Texts.Sentence(random)).ToArray();
        for (var i = 0; i < 10; i++) classifier.Classify([single[i]]);
        var latencies = new List<double>();
        foreach (var sentence in single)
        {
            var watch = Stopwatch.StartNew();
            classifier.Classify([sentence]);
            latencies.Add(watch.Elapsed.TotalMilliseconds);
        }

        // Batched: each caller classifies 64-sentence documents until time is up.
        var documents = Enumerable.Range(0, 16).Select(_ => Enumerable.Range(0, 64).Select(_ => Texts.Sentence(random)).ToArray()).ToArray();
        long sentences = 0;
        var deadline = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(w => Task.Run(() =>
        {
            var n = w;
            while (deadline.Elapsed.TotalSeconds < seconds)
            {
                classifier.Classify(documents[n++ % documents.Length]);
                Interlocked.Add(ref sentences, 64);
            }
        })).ToArray();
        Task.WaitAll(workers);
        var rate = sentences / deadline.Elapsed.TotalSeconds;
        Console.WriteLine(Invariant(
            $"session config={option("--config") ?? "-"} threads={options.IntraOpThreads} concurrency={concurrency} arena={options.UseMemoryArena} spin={options.AllowSpinning} opt={options.GraphOptimization} load_ms={loadMs:F0} rss_before_mb={rssBefore:F0} rss_loaded_mb={rssLoaded:F0} single_p50_ms={ProcStatus.Percentile(latencies, 0.5):F1} batched_sentences_per_s={rate:F0} peak_rss_mb={ProcStatus.Peak(pid):F0}"));
        return 0;
    }
}
