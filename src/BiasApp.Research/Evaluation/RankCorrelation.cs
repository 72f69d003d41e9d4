namespace BiasApp.Research.Evaluation;

/// <summary>Spearman rank correlation between the word values of two explanations of one sentence.</summary>
public static class RankCorrelation
{
    /// <summary>Spearman's ρ of <paramref name="x"/> and <paramref name="y"/> (ties share their mean rank); 1 when either is constant.</summary>
    public static double Spearman(double[] x, double[] y)
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

    /// <summary>The mean <see cref="Spearman"/> over every pair of <paramref name="runs"/> (e.g. one run per seed).</summary>
    public static double MeanPairwise(double[][] runs)
    {
        var values = new List<double>();
        for (var a = 0; a < runs.Length; a++)
            for (var b = a + 1; b < runs.Length; b++) values.Add(Spearman(runs[a], runs[b]));
        return values.Average();
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
}
