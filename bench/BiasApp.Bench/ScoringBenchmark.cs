using System.Diagnostics;
using BiasApp.Core.Classification;
using Microsoft.ML.OnnxRuntime;
using static System.FormattableString;

namespace BiasApp.Bench;

/// <summary>
/// Batched scoring against the limit of the runtime: the app's path (<see cref="StereotypeClassifier.Classify"/>
/// on chunks of texts, tokenization included) and a bare ONNX Runtime loop over the same texts already tokenized,
/// sorted by length and padded per batch (nothing but tensors and <c>Run</c>), timed alternately in one process.
/// </summary>
internal static class ScoringBenchmark
{
    public static int Run(string model, Func<string, string?> option)
    {
        var rounds = int.Parse(option("--rounds") ?? "3", System.Globalization.CultureInfo.InvariantCulture);
        var chunk = int.Parse(option("--chunk") ?? "64", System.Globalization.CultureInfo.InvariantCulture);
        var batchSize = option("--batch") is { } batch ? int.Parse(batch, System.Globalization.CultureInfo.InvariantCulture) : new ClassifierOptions().BatchSize;
        var parallel = int.Parse(option("--parallel") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        var texts = LoadTexts(option("--texts"), int.Parse(option("--count") ?? "3000", System.Globalization.CultureInfo.InvariantCulture));

        using var classifier = StereotypeClassifier.Load(model, new ClassifierOptions { BatchSize = batchSize, ParallelRuns = parallel });
        var encoded = texts.Select(t => classifier.Encoder.Encode(t, classifier.Card.MaxLength)).ToArray();
        var meanTokens = encoded.Average(e => e.Length);

        using var bare = BareLoop.Create(Path.Combine(model, "model.onnx"), classifier.Encoder.PadId, batchSize,
            parallel > 0 ? parallel : Environment.ProcessorCount);
        // Warm both paths (first runs allocate the arena and JIT the managed side).
        classifier.Classify(texts.Take(256).ToArray());
        bare.Score(encoded.Take(256).ToArray());

        var app = new List<double>();
        var raw = new List<double>();
        var tokenize = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            var watch = Stopwatch.StartNew();
            for (var start = 0; start < texts.Length; start += chunk)
                classifier.Classify(texts.AsSpan(start, Math.Min(chunk, texts.Length - start)).ToArray());
            app.Add(texts.Length / watch.Elapsed.TotalSeconds);

            watch.Restart();
            foreach (var text in texts) classifier.Encoder.Encode(text, classifier.Card.MaxLength);
            tokenize.Add(texts.Length / watch.Elapsed.TotalSeconds);

            watch.Restart();
            for (var start = 0; start < encoded.Length; start += chunk)
                bare.Score(encoded.AsSpan(start, Math.Min(chunk, encoded.Length - start)).ToArray());
            raw.Add(encoded.Length / watch.Elapsed.TotalSeconds);
        }
        var appRate = ProcStatus.Percentile(app, 0.5);
        var rawRate = ProcStatus.Percentile(raw, 0.5);
        Console.WriteLine(Invariant(
            $"scoring sentences={texts.Length} mean_tokens={meanTokens:F1} chunk={chunk} batch={batchSize} parallel={(parallel > 0 ? parallel : Environment.ProcessorCount)} cores={Environment.ProcessorCount} rounds={rounds} app_sentences_per_s={appRate:F0} bare_ort_sentences_per_s={rawRate:F0} ratio={appRate / rawRate:F2} tokenize_only_per_s={ProcStatus.Percentile(tokenize, 0.5):F0}"));
        return 0;
    }

    private static string[] LoadTexts(string? path, int count)
    {
        if (path is null)
        {
            var random = new Random(11);
            return Enumerable.Range(0, count).Select(_ => Texts.Sentence(random)).ToArray();
        }
        using var reader = new StreamReader(path);
        using var csv = new CsvHelper.CsvReader(reader, System.Globalization.CultureInfo.InvariantCulture);
        var rows = new List<string>();
        csv.Read();
        csv.ReadHeader();
        while (csv.Read() && rows.Count < count) rows.Add(csv.GetField("text") ?? "");
        return rows.ToArray();
    }

    /// <summary>The runtime alone: same session settings as the app, length-sorted padded batches, nothing else.</summary>
    private sealed class BareLoop : IDisposable
    {
        private static readonly string[] InputNames = ["input_ids", "attention_mask", "token_type_ids"];
        private static readonly string[] OutputNames = ["logits"];
        private readonly InferenceSession _session;
        private readonly RunOptions _run = new();
        private readonly int _pad;
        private readonly int _batch;
        private readonly int _parallel;

        private BareLoop(InferenceSession session, int pad, int batch, int parallel) => (_session, _pad, _batch, _parallel) = (session, pad, batch, parallel);

        public static BareLoop Create(string path, int pad, int batch, int parallel)
        {
            using var options = new SessionOptions
            {
                GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
                ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
                InterOpNumThreads = 1,
                EnableMemoryPattern = false,
            };
            options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
            return new BareLoop(new InferenceSession(path, options), pad, batch, parallel);
        }

        /// <summary>Length-sorted batches, up to the given number of runs at once (as the app runs them).</summary>
        public void Score(int[][] sequences)
        {
            var sorted = sequences.OrderBy(s => s.Length).ToArray();
            var batches = (sorted.Length + _batch - 1) / _batch;
            Parallel.For(0, batches, new ParallelOptions { MaxDegreeOfParallelism = _parallel }, b => Run(sorted, b * _batch, Math.Min(_batch, sorted.Length - b * _batch)));
        }

        private void Run(int[][] sorted, int start, int count)
        {
            var width = sorted[start + count - 1].Length;
            var ids = new long[count * width];
            var mask = new long[count * width];
            var types = new long[count * width];
            for (var r = 0; r < count; r++)
            {
                var seq = sorted[start + r];
                for (var t = 0; t < width; t++)
                {
                    ids[r * width + t] = t < seq.Length ? seq[t] : _pad;
                    mask[r * width + t] = t < seq.Length ? 1 : 0;
                }
            }
            long[] shape = [count, width];
            using var a = OrtValue.CreateTensorValueFromMemory(ids, shape);
            using var b = OrtValue.CreateTensorValueFromMemory(mask, shape);
            using var c = OrtValue.CreateTensorValueFromMemory(types, shape);
            using var outputs = _session.Run(_run, InputNames, [a, b, c], OutputNames);
        }

        public void Dispose()
        {
            _session.Dispose();
            _run.Dispose();
        }
    }
}
