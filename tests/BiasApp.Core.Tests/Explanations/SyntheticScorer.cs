using BiasApp.Core.Explanations;
using BiasApp.Core.Tokenization;

namespace BiasApp.Core.Tests.Explanations;

/// <summary>
/// A model stand-in: word i is the pieces [100+i] (and [200+i] for odd i, to exercise multi-piece words);
/// the score is a function of which words are visible. Counts calls and sequences.
/// </summary>
internal sealed class SyntheticScorer(int words, Func<bool[], double> function) : IBatchScorer
{
    public const int Cls = 1, Sep = 2, Mask = 3;

    public int Calls { get; private set; }
    public int Sequences { get; private set; }
    public Action? AfterCall { get; set; }

    public MaskedSentence Sentence(int maxTokens = 512) => new(Words(words), Cls, Sep, maxTokens);

    public static IReadOnlyList<EncodedWord> Words(int count)
    {
        var words = new List<EncodedWord>();
        var start = 0;
        for (var i = 0; i < count; i++)
        {
            var text = $"w{i}";
            int[] pieces = i % 2 == 1 ? [100 + i, 200 + i] : [100 + i];
            words.Add(new EncodedWord(text, start, text.Length, pieces));
            start += text.Length + 1;
        }
        return words;
    }

    public double Evaluate(bool[] visible) => function(visible);

    public float[] Score(IReadOnlyList<int[]> sequences, CancellationToken cancellationToken)
    {
        Calls++;
        Sequences += sequences.Count;
        var scores = new float[sequences.Count];
        var visible = new bool[words];
        for (var s = 0; s < sequences.Count; s++)
        {
            Array.Clear(visible);
            foreach (var id in sequences[s])
            {
                if (id >= 100 && id < 100 + words) visible[id - 100] = true;
                if (id >= 200 && id < 200 + words) Assert.True(visible[id - 200], "a word's pieces are removed together");
            }
            scores[s] = (float)function(visible);
        }
        AfterCall?.Invoke();
        return scores;
    }

    /// <summary>A non-linear function with pairwise and three-way interactions.</summary>
    public static double NonLinear(bool[] z)
    {
        double x(int i) => i < z.Length && z[i] ? 1 : 0;
        var linear = 0.1 + 0.3 * x(0) - 0.15 * x(3) + 0.05 * x(5);
        var interactions = 0.2 * x(1) * x(2) + 0.25 * Math.Max(x(0), x(4)) + 0.1 * x(1) * x(3) * x(4) - 0.08 * x(2) * x(5);
        return linear + interactions;
    }

    /// <summary>Shapley values by the definition: the mean marginal contribution over all n! orderings.</summary>
    public static double[] BruteForceShapley(int n, Func<bool[], double> function)
    {
        var values = new double[n];
        var permutations = 0;
        foreach (var order in Permutations(Enumerable.Range(0, n).ToArray(), 0))
        {
            permutations++;
            var visible = new bool[n];
            var previous = function(visible);
            foreach (var i in order)
            {
                visible[i] = true;
                var current = function(visible);
                values[i] += current - previous;
                previous = current;
            }
        }
        for (var i = 0; i < n; i++) values[i] /= permutations;
        return values;
    }

    private static IEnumerable<int[]> Permutations(int[] items, int from)
    {
        if (from == items.Length - 1) { yield return (int[])items.Clone(); yield break; }
        for (var i = from; i < items.Length; i++)
        {
            (items[from], items[i]) = (items[i], items[from]);
            foreach (var p in Permutations(items, from + 1)) yield return p;
            (items[from], items[i]) = (items[i], items[from]);
        }
    }
}
