using BiasApp.Core.Explanations;

namespace BiasApp.Research.Explanations;

/// <summary>
/// Permutation sampling with antithetic pairs: a random order of the words and its reverse. A permutation costs n−1
/// evaluations and its marginals telescope to Δ = f(x) − f(∅), so efficiency holds by construction; each antithetic
/// pair is one independent estimate, and the per-word standard error is their spread / √pairs. The values move with
/// the seed.
/// </summary>
public sealed class PermutationShapEstimator : IShapEstimator
{
    /// <inheritdoc />
    public ShapExplanation Estimate(MaskedSentence sentence, SentenceScores scores, int budget, int seed, CoalitionScorer scorer, CoalitionSamples? record)
    {
        var n = sentence.Count;
        var values = new double[n];
        var errors = new double[n];
        var samples = (budget - 2) / (n - 1);
        if (samples >= 2) samples -= samples % 2;
        PermutationValues(sentence, scores, samples, seed, values, errors, scorer, record);
        var used = 2 + samples * (n - 1);
        return new ShapExplanation(sentence.Attribute(values, errors), scores.Full, scores.Empty, false, samples, used);
    }

    private static void PermutationValues(MaskedSentence sentence, SentenceScores scores, int permutations, int seed, double[] values, double[] errors, CoalitionScorer scorer, CoalitionSamples? record)
    {
        var n = sentence.Count;
        var steps = n - 1;
        // Whole antithetic pairs per call, so a pair never straddles two calls.
        var perRound = Math.Max(permutations == 1 ? 1 : 2, scorer.BatchSize / steps & ~1);
        perRound = Math.Min(perRound, permutations);
        var batch = new List<int[]>(perRound * steps);
        var orders = new int[perRound][];
        for (var i = 0; i < perRound; i++) orders[i] = new int[n];
        var random = new Random(seed);
        var shuffle = new int[n];
        var visible = new bool[n];
        var pair = new double[n];
        var sum = new double[n];
        var sumSquares = new double[n];
        var groups = 0;
        for (var i = 0; i < n; i++) shuffle[i] = i;

        for (var done = 0; done < permutations;)
        {
            var count = Math.Min(perRound, permutations - done);
            batch.Clear();
            for (var p = 0; p < count; p++)
            {
                var order = orders[p];
                if (p % 2 == 0)
                {
                    random.Shuffle(shuffle);
                    shuffle.CopyTo(order, 0);
                }
                else
                {
                    for (var k = 0; k < n; k++) order[k] = orders[p - 1][n - 1 - k];
                }
                Array.Clear(visible);
                for (var k = 0; k < steps; k++)
                {
                    visible[order[k]] = true;
                    batch.Add(sentence.Build(visible));
                }
            }

            var result = scorer.Score(batch);
            var row = 0;
            for (var p = 0; p < count; p++)
            {
                var order = orders[p];
                double previous = scores.Empty;
                Array.Clear(visible);
                if (p % 2 == 0) Array.Clear(pair);
                for (var k = 0; k < steps; k++)
                {
                    double current = result[row++];
                    visible[order[k]] = true;
                    record?.Add(visible, current);
                    pair[order[k]] += current - previous;
                    previous = current;
                }
                pair[order[steps]] += scores.Full - previous;
                // An antithetic pair (or a lone permutation) is one independent estimate.
                if (p % 2 == 1 || p == count - 1)
                {
                    var size = p % 2 == 1 ? 2 : 1;
                    for (var i = 0; i < n; i++)
                    {
                        var phi = pair[i] / size;
                        sum[i] += phi;
                        sumSquares[i] += phi * phi;
                    }
                    groups++;
                }
            }
            done += count;
        }
        IndependentEstimates.Summarise(values, errors, sum, sumSquares, groups);
    }
}
