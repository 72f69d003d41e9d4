using System.Diagnostics;
using BiasApp.Core.Classification;
using BiasApp.Core.Explanations;
using BiasApp.Research.Explanations;

namespace BiasApp.Research.Evaluation;

/// <summary>
/// What <c>explain-eval</c> measures, sentence by sentence, about the explanations of one configuration: the baseline
/// f(∅) by sentence length, whether the top word is a function word, deletion AOPC of SHAP, LIME and random words,
/// latency of explain=both, and on request the oracle bounds, agreement with a reference and stability across seeds.
/// </summary>
public sealed class ExplanationMeasurements
{
    private const int ReferenceSeed = 12345;
    private const int RandomOrders = 5;

    private readonly StereotypeClassifier _classifier;
    private readonly IReadOnlyList<SentenceExplainer> _seedRuns;
    private readonly ReferenceValues? _reference;
    private readonly int _referenceBudget;
    private readonly ShapExplainer _referenceShap;
    private readonly bool _oracle;
    private readonly TextWriter? _verbose;
    private readonly Random _random = new(7);

    private readonly List<(int Words, double Base)> _baselines = [];
    private readonly List<double> _latencies = [];
    private readonly List<double> _aopcShap = [];
    private readonly List<double> _aopcLime = [];
    private readonly List<double> _aopcRandom = [];
    private readonly List<double> _aopcGreedy = [];
    private readonly List<double> _aopcBestSet = [];
    private readonly List<double> _aopcReference = [];
    private readonly List<double> _referenceSpearmanShap = [];
    private readonly List<double> _referenceSpearmanLime = [];
    private readonly List<double> _seedSpearmanShap = [];
    private readonly List<double> _seedSpearmanLime = [];

    /// <param name="classifier">The model.</param>
    /// <param name="seedRuns">One explainer per seed, the measured configuration otherwise; the first is measured, the others only compared with it.</param>
    /// <param name="reference">
    /// When given, SHAP's and LIME's values are compared with permutation SHAP at <paramref name="referenceBudget"/>,
    /// cached here between runs.
    /// </param>
    /// <param name="referenceBudget">Budget of the reference values.</param>
    /// <param name="oracle">Also measure the greedy deletion order and the best set of words (every set tried).</param>
    /// <param name="verbose">When given, receives each sentence's top words.</param>
    public ExplanationMeasurements(
        StereotypeClassifier classifier, IReadOnlyList<SentenceExplainer> seedRuns, ReferenceValues? reference, int referenceBudget,
        bool oracle, TextWriter? verbose)
    {
        ArgumentOutOfRangeException.ThrowIfZero(seedRuns.Count);
        _classifier = classifier;
        _seedRuns = seedRuns;
        _reference = reference;
        _referenceBudget = referenceBudget;
        _referenceShap = new ShapExplainer(classifier, seedRuns[0].Options.BatchSize, new PermutationShapEstimator());
        _oracle = oracle;
        _verbose = verbose;
    }

    /// <summary>Sentences measured: explained by both methods, with two words or more.</summary>
    public int Explained { get; private set; }

    /// <summary>Per measured sentence: its number of words and f(∅).</summary>
    public IReadOnlyList<(int Words, double Base)> Baselines => _baselines;

    /// <summary>Wall time of explain=both per sentence given, measured or not, in milliseconds.</summary>
    public IReadOnlyList<double> Latencies => _latencies;

    /// <summary>Measured sentences whose top SHAP word is a function word.</summary>
    public int ShapFunctionTop { get; private set; }

    /// <summary>Measured sentences whose top LIME word is a function word.</summary>
    public int LimeFunctionTop { get; private set; }

    /// <summary>Deletion AOPC of SHAP's ranking per measured sentence.</summary>
    public IReadOnlyList<double> AopcShap => _aopcShap;

    /// <summary>Deletion AOPC of LIME's ranking per measured sentence.</summary>
    public IReadOnlyList<double> AopcLime => _aopcLime;

    /// <summary>Deletion AOPC of random orders (the mean of five) per measured sentence.</summary>
    public IReadOnlyList<double> AopcRandom => _aopcRandom;

    /// <summary>With the oracle: deletion AOPC of the greedy order per measured sentence.</summary>
    public IReadOnlyList<double> AopcGreedy => _aopcGreedy;

    /// <summary>With the oracle: the best-set bound per measured sentence.</summary>
    public IReadOnlyList<double> AopcBestSet => _aopcBestSet;

    /// <summary>With a reference: deletion AOPC of the reference ranking per measured sentence.</summary>
    public IReadOnlyList<double> AopcReference => _aopcReference;

    /// <summary>With a reference: Spearman between SHAP's values and the reference per measured sentence.</summary>
    public IReadOnlyList<double> ReferenceSpearmanShap => _referenceSpearmanShap;

    /// <summary>With a reference: Spearman between LIME's values and the reference per measured sentence.</summary>
    public IReadOnlyList<double> ReferenceSpearmanLime => _referenceSpearmanLime;

    /// <summary>With a reference: measured sentences whose top SHAP word is the reference's.</summary>
    public int ReferenceSameTopShap { get; private set; }

    /// <summary>With a reference: measured sentences whose top LIME word is the reference's.</summary>
    public int ReferenceSameTopLime { get; private set; }

    /// <summary>With a reference: measured sentences whose top reference word is a function word.</summary>
    public int ReferenceFunctionTop { get; private set; }

    /// <summary>With two seeds or more: the mean pairwise Spearman of SHAP's values across seeds per measured sentence.</summary>
    public IReadOnlyList<double> SeedSpearmanShap => _seedSpearmanShap;

    /// <summary>With two seeds or more: the mean pairwise Spearman of LIME's values across seeds per measured sentence.</summary>
    public IReadOnlyList<double> SeedSpearmanLime => _seedSpearmanLime;

    /// <summary>Explains <paramref name="text"/> and measures the explanation; a sentence with fewer than two words is only timed.</summary>
    public void Add(string text)
    {
        var watch = Stopwatch.StartNew();
        var result = _seedRuns[0].Explain(text, ExplanationMode.Both);
        _latencies.Add(watch.Elapsed.TotalMilliseconds);
        if (result.Shap is null || result.Lime is null || result.Shap.Words.Count < 2) return;
        Explained++;
        var masked = MaskedSentence.Create(_classifier.Encoder, text, _classifier.Card.MaxLength, _seedRuns[0].Options.MaxWords);
        _baselines.Add((masked.Count, result.BaseProbability ?? double.NaN));
        var shap = result.Shap.Words.Select(w => w.Value).ToArray();
        var lime = result.Lime.Words.Select(w => w.Value).ToArray();
        _verbose?.WriteLine($"top shap='{result.Shap.Words[ArgMax(shap)].Word}' lime='{result.Lime.Words[ArgMax(lime)].Word}' | {text}");
        if (FunctionWords.IsFunction(result.Shap.Words[ArgMax(shap)].Word)) ShapFunctionTop++;
        if (FunctionWords.IsFunction(result.Lime.Words[ArgMax(lime)].Word)) LimeFunctionTop++;
        AddDeletion(masked, result.Probability, shap, lime);
        if (_oracle)
        {
            _aopcGreedy.Add(DeletionAopc.Greedy(_classifier, masked, result.Probability));
            _aopcBestSet.Add(DeletionAopc.BestSet(_classifier, masked, result.Probability));
        }
        if (_reference is not null) AddReference(_reference, text, masked, result, shap, lime);
        if (_seedRuns.Count > 1) AddSeedStability(text, result);
    }

    private void AddDeletion(MaskedSentence masked, double full, double[] shap, double[] lime)
    {
        _aopcShap.Add(DeletionAopc.Of(_classifier, masked, full, Ranking(shap)));
        _aopcLime.Add(DeletionAopc.Of(_classifier, masked, full, Ranking(lime)));
        var randomDrops = new List<double>();
        for (var r = 0; r < RandomOrders; r++)
        {
            var order = Enumerable.Range(0, masked.Count).ToArray();
            _random.Shuffle(order);
            randomDrops.Add(DeletionAopc.Of(_classifier, masked, full, order));
        }
        _aopcRandom.Add(randomDrops.Average());
    }

    private void AddReference(ReferenceValues reference, string text, MaskedSentence masked, SentenceExplanation result, double[] shap, double[] lime)
    {
        var truth = reference.Get(text, masked.Count, () =>
        {
            var known = new SentenceScores((float)result.Probability, (float)result.BaseProbability!);
            return _referenceShap.Explain(masked, _referenceBudget, ReferenceSeed, known: known).Words.Select(w => w.Value).ToArray();
        });
        _referenceSpearmanShap.Add(RankCorrelation.Spearman(shap, truth));
        _referenceSpearmanLime.Add(RankCorrelation.Spearman(lime, truth));
        var top = ArgMax(truth);
        if (ArgMax(shap) == top) ReferenceSameTopShap++;
        if (ArgMax(lime) == top) ReferenceSameTopLime++;
        if (FunctionWords.IsFunction(result.Shap!.Words[top].Word)) ReferenceFunctionTop++;
        _verbose?.WriteLine($"top reference='{result.Shap.Words[top].Word}' values={string.Join(' ', result.Shap.Words.Select((w, i) => $"{w.Word}:{truth[i]:F2}"))}");
        _aopcReference.Add(DeletionAopc.Of(_classifier, masked, result.Probability, Ranking(truth)));
    }

    private void AddSeedStability(string text, SentenceExplanation first)
    {
        var runs = _seedRuns.Skip(1).Select(e => e.Explain(text, ExplanationMode.Both)).Prepend(first).ToArray();
        _seedSpearmanShap.Add(RankCorrelation.MeanPairwise(runs.Select(r => r.Shap!.Words.Select(w => w.Value).ToArray()).ToArray()));
        _seedSpearmanLime.Add(RankCorrelation.MeanPairwise(runs.Select(r => r.Lime!.Words.Select(w => w.Value).ToArray()).ToArray()));
    }

    private static int[] Ranking(double[] values) => Enumerable.Range(0, values.Length).OrderByDescending(i => values[i]).ToArray();

    private static int ArgMax(double[] values) => Ranking(values)[0];
}
