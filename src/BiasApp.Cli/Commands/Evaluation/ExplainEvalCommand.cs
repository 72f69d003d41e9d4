using System.Globalization;
using BiasApp.Core.Classification;
using BiasApp.Core.Explanations;
using BiasApp.Research.Evaluation;
using BiasApp.Research.Explanations;

namespace BiasApp.Cli.Commands.Evaluation;

/// <summary>
/// Measures the explanations on the sentences the model flags (and, when the CSV has a label column, that are labelled
/// stereotypes): the baseline f(∅) by sentence length, how often the top word is a function word or punctuation,
/// deletion AOPC (mean drop of the score when the top 1, 2, 3 words are removed) for SHAP, LIME and random words, seed
/// stability (median Spearman between the word values of two seeds) and p50 latency of explain=both. With
/// <c>--reference-budget N</c> it also compares SHAP's and LIME's values with permutation SHAP at budget N (median
/// Spearman, same top word), which is what says how good a method is whose values do not depend on the seed.
/// Last line: <c>aopc_ratio=N.NN</c>, the smaller of SHAP's and LIME's AOPC over random words'.
/// The measures themselves are in <see cref="ExplanationMeasurements"/>.
/// </summary>
public static class ExplainEvalCommand
{
    public static int Run(CommandLine args)
    {
        var settings = ReadSettings(args);
        using var classifier = StereotypeClassifier.Load(args.ModelFolder(), new ClassifierOptions { IntraOpThreads = args.OptionalInt("threads", 0) });
        var flagged = FlaggedSentences(classifier, settings);
        var seedRuns = settings.SeedOptions
            .Select(o => new SentenceExplainer(classifier, classifier.Encoder, classifier.Card.MaxLength, o, ShapEstimators.For(o.ShapSampler)))
            .ToArray();
        var reference = settings.ReferenceBudget > 0 ? ReferenceValues.Load(settings.ReferenceCache, settings.ReferenceBudget) : null;
        var measurements = new ExplanationMeasurements(
            classifier, seedRuns, reference, settings.ReferenceBudget, settings.Oracle, settings.Verbose ? Console.Error : null);
        foreach (var text in flagged) measurements.Add(text);
        if (measurements.Explained == 0) throw new CliException("no flagged sentence has two or more words to explain");

        Report(classifier.ModelId, settings, measurements, reference);
        return 0;
    }

    /// <summary>The command line read and checked, and the input rows read, before the model is loaded.</summary>
    /// <param name="Rows">The input CSV's rows.</param>
    /// <param name="TextIndex">Column of the text.</param>
    /// <param name="LabelIndex">Column of the label; −1 when the CSV has none (then every row counts).</param>
    /// <param name="Limit">Most flagged sentences to explain.</param>
    /// <param name="Seeds">The seeds compared; the first is the one measured.</param>
    /// <param name="SeedOptions">The app's explanation defaults with the measured settings overridden, one per seed.</param>
    /// <param name="ReferenceBudget">Budget of the permutation reference; 0: none.</param>
    /// <param name="ReferenceCache">File that keeps the reference values between runs; empty: none.</param>
    /// <param name="Oracle">Also measure the best possible rankings (<c>--oracle</c>).</param>
    /// <param name="Verbose">Print each sentence's top words to standard error (<c>--verbose</c>).</param>
    private sealed record Settings(
        List<string[]> Rows, int TextIndex, int LabelIndex, int Limit, int[] Seeds, ExplanationOptions[] SeedOptions,
        int ReferenceBudget, string ReferenceCache, bool Oracle, bool Verbose)
    {
        /// <summary>The measured configuration (the first seed's).</summary>
        public ExplanationOptions Options => SeedOptions[0];
    }

    private static Settings ReadSettings(CommandLine args)
    {
        var input = args.Required("input");
        var textColumn = args.Optional("text-column", "text");
        var labelColumn = args.Optional("label-column", "label");
        var seeds = args.Optional("seeds", "1,2,3").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.TryParse(s, CultureInfo.InvariantCulture, out var v) ? v : throw new CliException($"--seeds: '{s}' is not a number")).ToArray();
        if (seeds.Length == 0) throw new CliException("--seeds needs at least one seed");
        var limit = args.OptionalInt("limit", 60);
        var (header, rows) = CsvInput.Read(input, textColumn);

        var defaults = new ExplanationOptions();
        var budget = args.OptionalInt("budget", defaults.ShapBudget);
        var limeSamples = args.OptionalInt("lime-samples", defaults.LimeSamples);
        var limeKernelWidth = args.OptionalDouble("lime-kernel-width", defaults.LimeKernelWidth);
        var limeRidgeAlpha = args.OptionalDouble("lime-ridge-alpha", defaults.LimeRidgeAlpha);
        bool? share = args.Flag("share-samples") ? true : args.Flag("own-samples") ? false : null;
        var samplerName = args.Optional("sampler", defaults.ShapSampler.ToString());
        var sampler = Enum.TryParse<ShapSampler>(samplerName, ignoreCase: true, out var parsedSampler) ? parsedSampler : throw new CliException($"--sampler: '{samplerName}' is not owen, permutation, kernelregression or kernel");
        ExplanationOptions Options(int seed)
        {
            var o = new ExplanationOptions { ShapBudget = budget, LimeSamples = limeSamples, LimeKernelWidth = limeKernelWidth, LimeRidgeAlpha = limeRidgeAlpha, ShapSampler = sampler, Seed = seed };
            if (share is { } s) o.ShareSamples = s;
            return o;
        }

        return new Settings(
            rows, Array.IndexOf(header, textColumn), Array.IndexOf(header, labelColumn), limit, seeds, seeds.Select(Options).ToArray(),
            args.OptionalInt("reference-budget", 0), args.Optional("reference-cache", ""), args.Flag("oracle"), args.Flag("verbose"));
    }

    /// <summary>The first <see cref="Settings.Limit"/> non-empty texts (labelled stereotypes, when labelled) the model flags.</summary>
    private static string[] FlaggedSentences(StereotypeClassifier classifier, Settings settings)
    {
        var texts = settings.Rows
            .Where(r => settings.LabelIndex < 0 || EvaluateCommand.ParseLabel(r[settings.LabelIndex], 0))
            .Select(r => r[settings.TextIndex])
            .Where(t => !string.IsNullOrWhiteSpace(t))
            .ToArray();
        var predictions = classifier.Classify(texts);
        var flagged = texts.Where((t, i) => predictions[i].Probability >= 0.5f).Take(settings.Limit).ToArray();
        if (flagged.Length == 0) throw new CliException("no flagged sentences to explain");
        return flagged;
    }

    private static void Report(string modelId, Settings settings, ExplanationMeasurements m, ReferenceValues? reference)
    {
        var options = settings.Options;
        var explained = m.Explained;
        Console.WriteLine($"model={modelId} sentences={explained} budget={options.ShapBudget} sampler={options.ShapSampler} lime_samples={options.LimeSamples} lime_kernel_width={options.LimeKernelWidth.ToString(CultureInfo.InvariantCulture)} lime_ridge_alpha={options.LimeRidgeAlpha.ToString(CultureInfo.InvariantCulture)} share_samples={options.SharesSamples} seeds={string.Join(',', settings.Seeds)}");
        Console.WriteLine($"baseline_median={F(Median(m.Baselines.Select(b => b.Base)))} baseline_max={F(m.Baselines.Max(b => b.Base))}");
        ReportByLength(m);
        Console.WriteLine($"top_function_word shap={F((double)m.ShapFunctionTop / explained)} lime={F((double)m.LimeFunctionTop / explained)}");
        var random3 = m.AopcRandom.Average();
        Console.WriteLine($"aopc shap={F(m.AopcShap.Average())} lime={F(m.AopcLime.Average())} random={F(random3)} shap_ratio={F(m.AopcShap.Average() / random3)} lime_ratio={F(m.AopcLime.Average() / random3)}");
        if (settings.Oracle) Console.WriteLine($"oracle greedy_aopc={F(m.AopcGreedy.Average())} greedy_ratio={F(m.AopcGreedy.Average() / random3)} best_set_aopc={F(m.AopcBestSet.Average())} best_set_ratio={F(m.AopcBestSet.Average() / random3)}");
        if (reference is not null)
        {
            reference.Save();
            Console.WriteLine($"reference permutation_budget={settings.ReferenceBudget} top_function_word={F((double)m.ReferenceFunctionTop / explained)} aopc={F(m.AopcReference.Average())} ratio={F(m.AopcReference.Average() / random3)}");
            Console.WriteLine($"agreement_with_reference spearman_median shap={F(Median(m.ReferenceSpearmanShap))} lime={F(Median(m.ReferenceSpearmanLime))} same_top_word shap={F((double)m.ReferenceSameTopShap / explained)} lime={F((double)m.ReferenceSameTopLime / explained)}");
        }
        if (m.SeedSpearmanShap.Count > 0) Console.WriteLine($"seed_stability_spearman shap={F(Median(m.SeedSpearmanShap))} lime={F(Median(m.SeedSpearmanLime))}");
        Console.WriteLine($"latency_ms_p50={Median(m.Latencies).ToString("F0", CultureInfo.InvariantCulture)} (explain=both, {Environment.ProcessorCount} cores)");
        Console.WriteLine($"aopc_ratio={(Math.Min(m.AopcShap.Average(), m.AopcLime.Average()) / random3).ToString("F2", CultureInfo.InvariantCulture)}");
    }

    /// <summary>
    /// Baseline and deletion AOPC by sentence length: in a short sentence three random words are most of it, so random
    /// removal costs nearly as much as the top words; the ratio is made in the longer sentences.
    /// </summary>
    private static void ReportByLength(ExplanationMeasurements m)
    {
        foreach (var (lo, hi) in new[] { (2, 5), (6, 10), (11, 15), (16, 20), (21, 30), (31, 64) })
        {
            // Rows of this length; the per-sentence lists (baselines and AOPCs) share their index.
            var bucketRows = Enumerable.Range(0, m.Baselines.Count).Where(i => m.Baselines[i].Words >= lo && m.Baselines[i].Words <= hi).ToArray();
            if (bucketRows.Length == 0) continue;
            double Mean(IReadOnlyList<double> v) => bucketRows.Average(i => v[i]);
            Console.WriteLine($"  words {lo}-{hi}: n={bucketRows.Length} baseline_median={F(Median(bucketRows.Select(i => m.Baselines[i].Base)))} aopc shap={F(Mean(m.AopcShap))} lime={F(Mean(m.AopcLime))} random={F(Mean(m.AopcRandom))}");
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string F(double v) => v.ToString("F4", CultureInfo.InvariantCulture);
}
