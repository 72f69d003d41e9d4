using BiasApp.Core.Explanations;

namespace BiasApp.Research.Evaluation;

/// <summary>
/// Deletion AOPC: the mean drop of the score when the top 1, 2 and 3 words of a ranking are removed (fewer in a
/// sentence of three words or less, so that one word always stays).
/// </summary>
public static class DeletionAopc
{
    /// <summary>Mean drop of the score when the first 1, 2 and 3 words of <paramref name="order"/> are removed.</summary>
    /// <param name="scorer">The model.</param>
    /// <param name="masked">The sentence.</param>
    /// <param name="full">f(x), the score with every word.</param>
    /// <param name="order">Word indices, most important first.</param>
    public static double Of(IBatchScorer scorer, MaskedSentence masked, double full, int[] order)
    {
        var sequences = new List<int[]>();
        var keep = new bool[masked.Count];
        for (var k = 1; k <= Math.Min(3, masked.Count - 1); k++)
        {
            Array.Fill(keep, true);
            for (var i = 0; i < k; i++) keep[order[i]] = false;
            sequences.Add(masked.Build(keep));
        }
        var scores = scorer.Score(sequences, CancellationToken.None);
        return scores.Average(s => full - s);
    }

    /// <summary>
    /// Deletion AOPC of the greedy order: each step removes the word whose removal (beside those before it) lowers the
    /// score most, so the step's lowest score is already the drop <see cref="Of"/> would measure for it.
    /// </summary>
    public static double Greedy(IBatchScorer scorer, MaskedSentence masked, double full)
    {
        var drops = new List<double>();
        var keep = new bool[masked.Count];
        Array.Fill(keep, true);
        for (var k = 0; k < Math.Min(3, masked.Count - 1); k++)
        {
            var candidates = Enumerable.Range(0, masked.Count).Where(i => keep[i]).ToArray();
            var sequences = candidates.Select(i => { keep[i] = false; var s = masked.Build(keep); keep[i] = true; return s; }).ToList();
            var scores = scorer.Score(sequences, CancellationToken.None);
            var best = Enumerable.Range(0, candidates.Length).MinBy(j => scores[j]);
            keep[candidates[best]] = false;
            drops.Add(full - scores[best]);
        }
        return drops.Average();
    }

    /// <summary>
    /// Mean over k = 1..3 of the largest drop any set of k words gives: every set is tried (C(40, 3) = 9,880 at most at
    /// the default MaxWords), so no ranking of the words can do better.
    /// </summary>
    public static double BestSet(IBatchScorer scorer, MaskedSentence masked, double full)
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
            drops.Add(full - scorer.Score(sequences, CancellationToken.None).Min());
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
}
