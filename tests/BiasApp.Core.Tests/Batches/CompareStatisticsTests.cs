using BiasApp.Core.Batches;

namespace BiasApp.Core.Tests.Batches;

public class CompareStatisticsTests
{
    // Three sources, 10, 20 and 30 flagged of 50 each: 60 of 150 flagged, so every expected flagged count is 20 and every
    // expected unflagged count 30. χ² = (10²/20 + 0 + 10²/20) + (10²/30 + 0 + 10²/30) = 50/3, df = 2, and for df = 2 the
    // survival function is exp(−χ²/2) = exp(−25/3) = 2.4036947e-4.
    [Fact]
    public void ChiSquareOfThreeSourcesMatchesHandComputedValues()
    {
        var test = CompareStatistics.ChiSquareIndependence(new[,] { { 10, 40 }, { 20, 30 }, { 30, 20 } });

        Assert.NotNull(test);
        Assert.Equal(50.0 / 3, test.ChiSquare, 10);
        Assert.Equal(2, test.Df);
        Assert.Equal(2.4036947641951407e-4, test.PValue, 12);
        Assert.Equal(20, test.MinExpected, 10);
    }

    // Textbook critical values: χ²(1) = 3.841459 and χ²(4) = 9.487729 are the 95th percentiles; df 4 closed form exp(−x/2)(1 + x/2).
    [Theory]
    [InlineData(3.841459, 1, 0.05)]
    [InlineData(9.487729, 4, 0.05)]
    [InlineData(6.634897, 1, 0.01)]
    [InlineData(0, 3, 1)]
    public void ChiSquareSurvivalMatchesTableValues(double statistic, int df, double p) =>
        Assert.Equal(p, CompareStatistics.ChiSquareSurvival(statistic, df), 6);

    [Fact]
    public void ChiSquareIsUndefinedWithOneSourceOrWhenNothingIsFlagged()
    {
        Assert.Null(CompareStatistics.ChiSquareIndependence(new[,] { { 3, 7 } }));
        Assert.Null(CompareStatistics.ChiSquareIndependence(new[,] { { 0, 10 }, { 0, 12 } }));
        // An empty source is dropped, not counted in the degrees of freedom.
        Assert.Equal(1, CompareStatistics.ChiSquareIndependence(new[,] { { 1, 9 }, { 0, 0 }, { 5, 5 } })!.Df);
    }

    // 10/50 against 30/50: pooled p = 0.4, SE = √(0.4·0.6·(1/50 + 1/50)) = 0.0979796, z = 0.4 / SE = 4.0824829,
    // p = erfc(z/√2) = 4.4557091e-5; z² equals the 2 × 2 table's χ² (50/3). 20/100 against 10/100: z = 1.9802951, p = 0.0476704.
    [Theory]
    [InlineData(10, 50, 30, 50, -4.08248290463863, 4.45570906040562e-05)]
    [InlineData(20, 100, 10, 100, 1.9802950859533488, 0.04767038065616144)]
    public void TwoProportionZTestMatchesHandComputedValues(int f1, int n1, int f2, int n2, double z, double p)
    {
        var result = CompareStatistics.TwoProportionZ(f1, n1, f2, n2);
        Assert.Equal(z, result.Z, 9);
        Assert.Equal(p, result.PValue, 12);
    }

    [Fact]
    public void TwoProportionZTestOfTwoSourcesAgreesWithTheirChiSquare()
    {
        var (z, p) = CompareStatistics.TwoProportionZ(10, 50, 30, 50);
        var chi = CompareStatistics.ChiSquareIndependence(new[,] { { 10, 40 }, { 30, 20 } })!;
        Assert.Equal(chi.ChiSquare, z * z, 9);
        Assert.Equal(chi.PValue, p, 12);
    }

    [Fact]
    public void TwoProportionZTestOfIdenticalAllZeroSourcesIsNotSignificant() =>
        Assert.Equal((0.0, 1.0), CompareStatistics.TwoProportionZ(0, 10, 0, 20));

    // R: p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm") gives 0.03 0.06 0.06 0.02. Sorted: 0.005·4 = 0.02, 0.01·3 = 0.03,
    // 0.03·2 = 0.06, 0.04·1 = 0.04 raised to the running maximum 0.06.
    [Fact]
    public void HolmMatchesTheWorkedExample() =>
        Assert.Equal([0.03, 0.06, 0.06, 0.02], CompareStatistics.Holm([0.01, 0.04, 0.03, 0.005]).Select(p => Math.Round(p, 12)));

    [Fact]
    public void HolmCapsAtOne() =>
        Assert.Equal([1.0, 1.0], CompareStatistics.Holm([0.6, 0.7]));

    [Fact]
    public void CompareGivesRatesTestPairsAndMatrixPerSource()
    {
        var rows = new List<(string?, string?, bool)>();
        void Add(string llm, string group, int flagged, int total) =>
            rows.AddRange(Enumerable.Range(0, total).Select(i => ((string?)llm, (string?)group, i < flagged)));
        Add("gpt", "gender", 10, 25);
        Add("gpt", "race", 20, 25);
        Add("claude", "gender", 5, 25);
        Add("claude", "race", 5, 25);
        Add("llama", "gender", 10, 50);

        var comparison = CompareStatistics.Compare(rows);

        // claude 10/50, gpt 30/50, llama 10/50: 50 of 150 flagged, expected 50/3 flagged and 100/3 not per source, so
        // χ² = (20/3)²/(50/3) · (1 + 2 · ¼) + (20/3)²/(100/3) · (1 + 2 · ¼) = 16 + 8 = 24, df = 2, p = exp(−12).
        Assert.Equal(["claude", "gpt", "llama"], comparison.Rates.Select(r => r.Value));
        var gpt = comparison.Rates[1];
        Assert.Equal((50, 30, 0.6), (gpt.Rows, gpt.Flagged, gpt.Rate));
        Assert.Equal(BatchStatistics.Wilson(30, 50), new ProportionInterval(gpt.CiLow, gpt.CiHigh));
        Assert.Equal(2, comparison.Test!.Df);
        Assert.Equal(24, comparison.Test.ChiSquare, 9);
        Assert.Equal(Math.Exp(-12), comparison.Test.PValue, 15);

        // gpt > claude and gpt > llama: p = 4.4557e-5 each, Holm ×3 and ×2 → the running maximum 1.3367e-4 for both;
        // claude against llama: p = 1, Holm 1.
        Assert.Equal(3, comparison.Pairs.Count);
        var first = comparison.Pairs[0];
        Assert.Equal(("gpt", "claude"), (first.Higher, first.Lower));
        Assert.Equal(0.4, first.Difference, 12);
        Assert.Equal(3 * 4.45570906040562e-05, first.PHolm, 12);
        Assert.Equal(3 * 4.45570906040562e-05, comparison.Pairs[1].PHolm, 12);
        Assert.True(first.Significant);
        Assert.Equal(1, comparison.Pairs[2].PHolm, 12);
        Assert.False(comparison.Pairs[2].Significant);

        Assert.Equal(
            [("claude", "gender", 0.2), ("claude", "race", 0.2), ("gpt", "gender", 0.4), ("gpt", "race", 0.8), ("llama", "gender", 0.2)],
            comparison.Matrix.Select(c => (c.Value, c.Group, c.Rate)));
    }

    [Fact]
    public void SummaryCarriesTheComparisonOnlyWithACompareColumn()
    {
        // (group, compare value, flagged)
        (string?, string?, bool)[] rows = [(null, "a", true), (null, "b", false), (null, "  ", true)];

        var plain = BatchStatistics.Summarize(rows, compareColumn: null);
        var compared = BatchStatistics.Summarize(rows, "llm");

        Assert.Null(plain.Compare);
        Assert.Equal("llm", compared.CompareColumn);
        Assert.Equal(["(none)", "a", "b"], compared.Compare!.Select(c => c.Value));
        Assert.Equal(plain.Overall, compared.Overall);
    }
}
