using System.Diagnostics;
using System.Globalization;
using BiasApp.Core.Classification;
using BiasApp.Core.Explanations;
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
/// </summary>
public static class ExplainEvalCommand
{
    private static readonly HashSet<string> FunctionWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "an", "the", "and", "or", "but", "nor", "so", "yet", "if", "then", "than", "as", "because", "while", "though",
        "of", "in", "on", "at", "to", "for", "from", "by", "with", "about", "into", "onto", "over", "under", "up", "down", "out",
        "off", "after", "before", "between", "through", "during", "without", "within", "upon", "against", "among",
        "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did", "have", "has", "had", "will", "would",
        "shall", "should", "can", "could", "may", "might", "must", "it", "its", "it's", "this", "that", "these", "those",
        "he", "she", "they", "them", "their", "theirs", "his", "her", "hers", "him", "we", "us", "our", "you", "your", "i", "me",
        "my", "who", "whom", "whose", "which", "what", "there", "here", "very", "too", "also", "just", "all", "some", "any",
        "such", "not", "no", "more", "most", "much", "many", "each", "every", "both", "either", "neither", "one",
    };

    public static int Run(CommandLine args)
    {
        var input = args.Required("input");
        var textColumn = args.Optional("text-column", "text");
        var labelColumn = args.Optional("label-column", "label");
        var seeds = args.Optional("seeds", "1,2,3").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.TryParse(s, CultureInfo.InvariantCulture, out var v) ? v : throw new CliException($"--seeds: '{s}' is not a number")).ToArray();
        if (seeds.Length == 0) throw new CliException("--seeds needs at least one seed");
        var limit = args.OptionalInt("limit", 60);
        var (header, rows) = CsvInput.Read(input, textColumn);
        var textIndex = Array.IndexOf(header, textColumn);
        var labelIndex = Array.IndexOf(header, labelColumn);

        var defaults = new ExplanationOptions();
        var budget = args.OptionalInt("budget", defaults.ShapBudget);
        var limeSamples = args.OptionalInt("lime-samples", defaults.LimeSamples);
        var limeKernelWidth = args.OptionalDouble("lime-kernel-width", defaults.LimeKernelWidth);
        var limeRidgeAlpha = args.OptionalDouble("lime-ridge-alpha", defaults.LimeRidgeAlpha);
        bool? share = args.Flag("share-samples") ? true : args.Flag("own-samples") ? false : null;
        var samplerName = args.Optional("sampler", defaults.ShapSampler.ToString());
        var sampler = Enum.TryParse<ShapSampler>(samplerName, ignoreCase: true, out var parsedSampler) ? parsedSampler : throw new CliException($"--sampler: '{samplerName}' is not owen, permutation, kernelregression or kernel");
        // A high-budget permutation estimate to compare against (0: none), kept in a cache file between runs.
        var referenceBudget = args.OptionalInt("reference-budget", 0);
        var referenceCache = args.Optional("reference-cache", "");
        // The app's defaults with the measured settings overridden; one per seed.
        ExplanationOptions Options(int seed)
        {
            var o = new ExplanationOptions { ShapBudget = budget, LimeSamples = limeSamples, LimeKernelWidth = limeKernelWidth, LimeRidgeAlpha = limeRidgeAlpha, ShapSampler = sampler, Seed = seed };
            if (share is { } s) o.ShareSamples = s;
            return o;
        }
        var options = Options(seeds[0]);

        using var classifier = StereotypeClassifier.Load(args.ModelFolder(), new ClassifierOptions { IntraOpThreads = args.OptionalInt("threads", 0) });
        var texts = rows.Where(r => labelIndex < 0 || EvaluateCommand.ParseLabel(r[labelIndex], 0)).Select(r => r[textIndex]).Where(t => !string.IsNullOrWhiteSpace(t)).ToArray();
        var predictions = classifier.Classify(texts);
        var flagged = texts.Where((t, i) => predictions[i].Probability >= 0.5f).Take(limit).ToArray();
        if (flagged.Length == 0) throw new CliException("no flagged sentences to explain");
        var seedRuns = seeds.Select(seed => new SentenceExplainer(classifier, classifier.Encoder, classifier.Card.MaxLength, Options(seed), ShapEstimators.For(sampler))).ToArray();

        var baselines = new List<(int Words, double Base)>();
        var latencies = new List<double>();
        int shapFunctionTop = 0, limeFunctionTop = 0, explained = 0;
        var aopcShap = new List<double>();
        var aopcLime = new List<double>();
        var aopcRandom = new List<double>();
        var spearmanShap = new List<double>();
        var spearmanLime = new List<double>();
        var random = new Random(7);
        var reference = referenceBudget > 0 ? ReferenceValues.Load(referenceCache, referenceBudget) : null;
        var referenceShap = new ShapExplainer(classifier, options.BatchSize, new PermutationShapEstimator());
        var spearmanRefShap = new List<double>();
        var spearmanRefLime = new List<double>();
        int topRefShap = 0, topRefLime = 0, refFunctionTop = 0;
        var aopcReference = new List<double>();
        // --oracle: what the best possible ranking would reach on this model: the greedy deletion order (at each step the
        // word whose removal lowers the score most) and, per k, the best set of k words found by trying every set (an upper
        // bound for any explainer's top 1, 2, 3).
        var oracle = args.Flag("oracle");
        var aopcOracle = new List<double>();
        var aopcBest = new List<double>();
        foreach (var text in flagged)
        {
            var watch = Stopwatch.StartNew();
            var result = seedRuns[0].Explain(text, ExplanationMode.Both);
            latencies.Add(watch.Elapsed.TotalMilliseconds);
            if (result.Shap is null || result.Lime is null || result.Shap.Words.Count < 2) continue;
            explained++;
            var masked = MaskedSentence.Create(classifier.Encoder, text, classifier.Card.MaxLength, options.MaxWords);
            baselines.Add((masked.Count, result.BaseProbability ?? double.NaN));
            var shap = result.Shap.Words.Select(w => w.Value).ToArray();
            var lime = result.Lime.Words.Select(w => w.Value).ToArray();
            if (args.Flag("verbose"))
                Console.Error.WriteLine($"top shap='{result.Shap.Words[ArgMax(shap)].Word}' lime='{result.Lime.Words[ArgMax(lime)].Word}' | {text}");
            if (IsFunction(result.Shap.Words[ArgMax(shap)].Word)) shapFunctionTop++;
            if (IsFunction(result.Lime.Words[ArgMax(lime)].Word)) limeFunctionTop++;
            aopcShap.Add(Aopc(classifier, masked, result.Probability, Ranking(shap)));
            aopcLime.Add(Aopc(classifier, masked, result.Probability, Ranking(lime)));
            var randomDrops = new List<double>();
            for (var r = 0; r < 5; r++)
            {
                var order = Enumerable.Range(0, masked.Count).ToArray();
                random.Shuffle(order);
                randomDrops.Add(Aopc(classifier, masked, result.Probability, order));
            }
            aopcRandom.Add(randomDrops.Average());
            if (oracle)
            {
                aopcOracle.Add(GreedyAopc(classifier, masked, result.Probability));
                aopcBest.Add(BestSetAopc(classifier, masked, result.Probability));
            }
            if (reference is not null)
            {
                var truth = reference.Get(text, masked.Count, () =>
                    referenceShap.Explain(masked, referenceBudget, 12345, known: new SentenceScores((float)result.Probability, (float)result.BaseProbability!)).Words.Select(w => w.Value).ToArray());
                spearmanRefShap.Add(Spearman(shap, truth));
                spearmanRefLime.Add(Spearman(lime, truth));
                var top = ArgMax(truth);
                if (ArgMax(shap) == top) topRefShap++;
                if (ArgMax(lime) == top) topRefLime++;
                if (IsFunction(result.Shap.Words[top].Word)) refFunctionTop++;
                if (args.Flag("verbose")) Console.Error.WriteLine($"top reference='{result.Shap.Words[top].Word}' values={string.Join(' ', result.Shap.Words.Select((w, i) => $"{w.Word}:{truth[i]:F2}"))}");
                aopcReference.Add(Aopc(classifier, masked, result.Probability, Ranking(truth)));
            }
            if (seeds.Length > 1)
            {
                var runs = seedRuns.Skip(1).Select(e => e.Explain(text, ExplanationMode.Both)).Prepend(result).ToArray();
                spearmanShap.Add(MeanPairwise(runs.Select(r => r.Shap!.Words.Select(w => w.Value).ToArray()).ToArray()));
                spearmanLime.Add(MeanPairwise(runs.Select(r => r.Lime!.Words.Select(w => w.Value).ToArray()).ToArray()));
            }
        }
        if (explained == 0) throw new CliException("no flagged sentence has two or more words to explain");

        Console.WriteLine($"model={classifier.ModelId} sentences={explained} budget={options.ShapBudget} sampler={options.ShapSampler} lime_samples={options.LimeSamples} lime_kernel_width={options.LimeKernelWidth.ToString(CultureInfo.InvariantCulture)} lime_ridge_alpha={options.LimeRidgeAlpha.ToString(CultureInfo.InvariantCulture)} share_samples={options.SharesSamples} seeds={string.Join(',', seeds)}");
        Console.WriteLine($"baseline_median={F(Median(baselines.Select(b => b.Base)))} baseline_max={F(baselines.Max(b => b.Base))}");
        foreach (var (lo, hi) in new[] { (2, 5), (6, 10), (11, 15), (16, 20), (21, 30), (31, 64) })
        {
            // Rows of this length; the per-sentence lists (baselines, aopcShap, aopcLime, aopcRandom) share their index.
            var bucketRows = Enumerable.Range(0, baselines.Count).Where(i => baselines[i].Words >= lo && baselines[i].Words <= hi).ToArray();
            if (bucketRows.Length == 0) continue;
            // Deletion AOPC by length: in a short sentence three random words are most of it, so random removal costs
            // nearly as much as the top words; the ratio is made in the longer sentences.
            double Mean(List<double> v) => bucketRows.Average(i => v[i]);
            Console.WriteLine($"  words {lo}-{hi}: n={bucketRows.Length} baseline_median={F(Median(bucketRows.Select(i => baselines[i].Base)))} aopc shap={F(Mean(aopcShap))} lime={F(Mean(aopcLime))} random={F(Mean(aopcRandom))}");
        }
        Console.WriteLine($"top_function_word shap={F((double)shapFunctionTop / explained)} lime={F((double)limeFunctionTop / explained)}");
        var random3 = aopcRandom.Average();
        Console.WriteLine($"aopc shap={F(aopcShap.Average())} lime={F(aopcLime.Average())} random={F(random3)} shap_ratio={F(aopcShap.Average() / random3)} lime_ratio={F(aopcLime.Average() / random3)}");
        if (oracle) Console.WriteLine($"oracle greedy_aopc={F(aopcOracle.Average())} greedy_ratio={F(aopcOracle.Average() / random3)} best_set_aopc={F(aopcBest.Average())} best_set_ratio={F(aopcBest.Average() / random3)}");
        if (reference is not null)
        {
            reference.Save();
            Console.WriteLine($"reference permutation_budget={referenceBudget} top_function_word={F((double)refFunctionTop / explained)} aopc={F(aopcReference.Average())} ratio={F(aopcReference.Average() / random3)}");
            Console.WriteLine($"agreement_with_reference spearman_median shap={F(Median(spearmanRefShap))} lime={F(Median(spearmanRefLime))} same_top_word shap={F((double)topRefShap / explained)} lime={F((double)topRefLime / explained)}");
        }
        if (spearmanShap.Count > 0) Console.WriteLine($"seed_stability_spearman shap={F(Median(spearmanShap))} lime={F(Median(spearmanLime))}");
        Console.WriteLine($"latency_ms_p50={Median(latencies).ToString("F0", CultureInfo.InvariantCulture)} (explain=both, {Environment.ProcessorCount} cores)");
        Console.WriteLine($"aopc_ratio={(Math.Min(aopcShap.Average(), aopcLime.Average()) / random3).ToString("F2", CultureInfo.InvariantCulture)}");
        return 0;
    }

    /// <summary>Mean drop of the score when the first 1, 2 and 3 words of <paramref name="order"/> are removed.</summary>
    private static double Aopc(StereotypeClassifier classifier, MaskedSentence masked, double full, int[] order)
    {
        var sequences = new List<int[]>();
        var keep = new bool[masked.Count];
        for (var k = 1; k <= Math.Min(3, masked.Count - 1); k++)
        {
            Array.Fill(keep, true);
            for (var i = 0; i < k; i++) keep[order[i]] = false;
            sequences.Add(masked.Build(keep));
        }
        var scores = classifier.Score(sequences);
        return scores.Average(s => full - s);
    }

    /// <summary>
    /// Deletion AOPC of the greedy order: each step removes the word whose removal (beside those before it) lowers the
    /// score most, so the step's lowest score is already the drop <see cref="Aopc"/> would measure for it.
    /// </summary>
    private static double GreedyAopc(StereotypeClassifier classifier, MaskedSentence masked, double full)
    {
        var drops = new List<double>();
        var keep = new bool[masked.Count];
        Array.Fill(keep, true);
        for (var k = 0; k < Math.Min(3, masked.Count - 1); k++)
        {
            var candidates = Enumerable.Range(0, masked.Count).Where(i => keep[i]).ToArray();
            var sequences = candidates.Select(i => { keep[i] = false; var s = masked.Build(keep); keep[i] = true; return s; }).ToList();
            var scores = classifier.Score(sequences);
            var best = Enumerable.Range(0, candidates.Length).MinBy(j => scores[j]);
            keep[candidates[best]] = false;
            drops.Add(full - scores[best]);
        }
        return drops.Average();
    }

    /// <summary>Mean over k = 1..3 of the largest drop any set of k words gives (every set tried: C(40, 3) = 9,880 at most at the default MaxWords).</summary>
    private static double BestSetAopc(StereotypeClassifier classifier, MaskedSentence masked, double full)
    {
        var drops = new List<double>();
        for (var k = 1; k <= Math.Min(3, masked.Count - 1); k++)
        {
            var sequences = new List<int[]>();
            var keep = new bool[masked.Count];
            foreach (var set in Subsets(masked.Count, k))
            {
                Array.Fill(keep, true);
                foreach (var i in set) keep[i] = false;
                sequences.Add(masked.Build(keep));
            }
            drops.Add(full - classifier.Score(sequences).Min());
        }
        return drops.Average();
    }

    private static IEnumerable<int[]> Subsets(int n, int k)
    {
        var set = Enumerable.Range(0, k).ToArray();
        while (true)
        {
            yield return (int[])set.Clone();
            var i = k - 1;
            while (i >= 0 && set[i] == n - k + i) i--;
            if (i < 0) yield break;
            set[i]++;
            for (var j = i + 1; j < k; j++) set[j] = set[j - 1] + 1;
        }
    }

    private static int[] Ranking(double[] values) => Enumerable.Range(0, values.Length).OrderByDescending(i => values[i]).ToArray();

    private static int ArgMax(double[] values) => Ranking(values)[0];

    /// <summary>A unit is a function word when its letters (punctuation stripped) are one, or when it has none.</summary>
    internal static bool IsFunction(string unit)
    {
        var letters = new string(unit.Where(c => char.IsLetterOrDigit(c) || c == '\'').ToArray()).Trim('\'');
        return letters.Length == 0 || FunctionWords.Contains(letters);
    }

    private static double MeanPairwise(double[][] runs)
    {
        var values = new List<double>();
        for (var a = 0; a < runs.Length; a++)
            for (var b = a + 1; b < runs.Length; b++) values.Add(Spearman(runs[a], runs[b]));
        return values.Average();
    }

    internal static double Spearman(double[] x, double[] y)
    {
        var rx = Ranks(x);
        var ry = Ranks(y);
        double mx = rx.Average(), my = ry.Average(), sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < rx.Length; i++)
        {
            sxy += (rx[i] - mx) * (ry[i] - my);
            sxx += (rx[i] - mx) * (rx[i] - mx);
            syy += (ry[i] - my) * (ry[i] - my);
        }
        return sxx == 0 || syy == 0 ? 1 : sxy / Math.Sqrt(sxx * syy);
    }

    private static double[] Ranks(double[] values)
    {
        var order = Enumerable.Range(0, values.Length).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Length];
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j + 1 < order.Length && values[order[j + 1]] == values[order[i]]) j++;
            for (var k = i; k <= j; k++) ranks[order[k]] = (i + j) / 2.0;
            i = j + 1;
        }
        return ranks;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string F(double v) => v.ToString("F4", CultureInfo.InvariantCulture);
}

/// <summary>Reference SHAP values per sentence (one budget), cached in a tab-separated file: text, then the values.</summary>
internal sealed class ReferenceValues
{
    private readonly string _path;
    private readonly int _budget;
    private readonly Dictionary<string, double[]> _values = new(StringComparer.Ordinal);
    private bool _changed;

    private ReferenceValues(string path, int budget)
    {
        _path = path;
        _budget = budget;
    }

    public static ReferenceValues Load(string path, int budget)
    {
        var cache = new ReferenceValues(path, budget);
        if (path.Length == 0 || !File.Exists(path)) return cache;
        foreach (var line in File.ReadLines(path))
        {
            var parts = line.Split('\t');
            if (parts.Length != 3 || parts[0] != budget.ToString(CultureInfo.InvariantCulture)) continue;
            cache._values[parts[1]] = parts[2].Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        }
        return cache;
    }

    public double[] Get(string text, int words, Func<double[]> compute)
    {
        if (_values.TryGetValue(text, out var known) && known.Length == words) return known;
        var values = compute();
        _values[text] = values;
        _changed = true;
        return values;
    }

    public void Save()
    {
        if (!_changed || _path.Length == 0) return;
        File.WriteAllLines(_path, _values.Select(kv =>
            $"{_budget.ToString(CultureInfo.InvariantCulture)}\t{kv.Key.Replace('\t', ' ')}\t{string.Join(',', kv.Value.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}"));
    }
}
