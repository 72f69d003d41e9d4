using System.Diagnostics;
using BiasApp.Core;
using BiasApp.Core.Analysis;
using BiasApp.Core.Classification;
using BiasApp.Core.Explanations;
using Microsoft.Extensions.DependencyInjection;

namespace BiasApp.Bench;

/// <summary>
/// <c>long-text [--chars 20000] [--runs 5] [--explain none|shap|lime|both]</c>: a text of about <c>--chars</c> characters through
/// the app's pipeline (rules on, result cache off) as the analysis page runs it: scores in steps with progress, then the first
/// sentence's explanation. Prints the median time to the first progress report, to all scores, and to the first explanation.
/// </summary>
internal static class LongTextBenchmark
{
    public static async Task<int> RunAsync(string model, Func<string, string?> option)
    {
        var chars = int.Parse(option("--chars") ?? "20000", System.Globalization.CultureInfo.InvariantCulture);
        var runs = int.Parse(option("--runs") ?? "5", System.Globalization.CultureInfo.InvariantCulture);
        var explain = ExplanationModes.Parse(option("--explain") ?? "both");
        var services = new ServiceCollection();
        services.AddBiasCore();
        services.Configure<ClassifierOptions>(o => o.Path = model);
        services.Configure<AnalysisOptions>(o => o.MaxTextLength = Math.Max(o.MaxTextLength, chars + 1000));
        services.Configure<BiasApp.Core.Inference.CacheOptions>(o => o.Enabled = false);
        services.AddSingleton<ISentenceExplainer, ModelSentenceExplainer>();
        await using var provider = services.BuildServiceProvider();
        var analysis = provider.GetRequiredService<AnalysisService>();

        var random = new Random(7);
        var text = "";
        while (text.Length < chars) text += Texts.Sentence(random) + " ";
        text = text[..chars];

        var first = new List<double>();
        var scores = new List<double>();
        var explained = new List<double>();
        var sentences = 0;
        for (var run = -1; run < runs; run++)
        {
            var watch = Stopwatch.StartNew();
            double? firstReport = null;
            var progress = new Inline(p => { if (p.Scored > 0) firstReport ??= watch.Elapsed.TotalMilliseconds; });
            var result = await analysis.AnalyzeAsync(new AnalysisRequest(text), progress, CancellationToken.None);
            var scored = watch.Elapsed.TotalMilliseconds;
            var target = result.Sentences.First(s => !s.IsTooShort);
            if (explain != ExplanationMode.None) await analysis.ExplainAsync(target, explain);
            var withExplanation = watch.Elapsed.TotalMilliseconds;
            sentences = result.Sentences.Count;
            if (run < 0) continue; // warm-up
            first.Add(firstReport ?? scored);
            scores.Add(scored);
            explained.Add(withExplanation);
        }
        Console.WriteLine($"long_text chars={chars} sentences={sentences} runs={runs} explain={explain.ToValue()} threads={Environment.ProcessorCount}");
        Console.WriteLine($"first_progress_ms_p50={Median(first):F0} scores_ms_p50={Median(scores):F0} first_explanation_ms_p50={Median(explained):F0}");
        return 0;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; would post to a thread pool and arrive late).</summary>
    private sealed class Inline(Action<AnalysisProgress> report) : IProgress<AnalysisProgress>
    {
        public void Report(AnalysisProgress value) => report(value);
    }
}
