using BiasApp.Core.Batches;

namespace BiasApp.Core.Tests.Batches;

public class BatchStatisticsTests
{
    // Hand-computed (and checked with a five-line Python script) with z = 1.959964: centre = (p + z²/2n) / (1 + z²/n), half = z·sqrt(p(1-p)/n + z²/4n²) / (1 + z²/n).
    [Theory]
    [InlineData(3, 10, 0.107791, 0.603222)]
    [InlineData(0, 10, 0.0, 0.277533)]
    [InlineData(10, 10, 0.722467, 1.0)]
    [InlineData(1, 2, 0.094531, 0.905469)]
    [InlineData(50, 100, 0.403832, 0.596168)]
    public void WilsonIntervalMatchesHandComputedValues(int flagged, int rows, double lower, double upper)
    {
        var interval = BatchStatistics.Wilson(flagged, rows);
        Assert.Equal(lower, interval.Lower, 5);
        Assert.Equal(upper, interval.Upper, 5);
    }

    [Fact]
    public void WilsonIntervalOfNoRowsIsUninformative() =>
        Assert.Equal(new ProportionInterval(0, 1), BatchStatistics.Wilson(0, 0));

    [Fact]
    public void WilsonRejectsMoreSuccessesThanTrials() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => BatchStatistics.Wilson(3, 2));

    [Fact]
    public void SummaryGivesOverallAndPerGroupRatesWithIntervals()
    {
        // women: 3 of 10 flagged; men: 0 of 10; ungrouped (null and blank): 1 of 2. Overall 4 of 22.
        var rows = new List<(string?, bool)>();
        rows.AddRange(Enumerable.Range(0, 10).Select(i => ((string?)"women", i < 3)));
        rows.AddRange(Enumerable.Range(0, 10).Select(_ => ((string?)" men ", false)));
        rows.Add((null, true));
        rows.Add(("  ", false));

        var summary = BatchStatistics.Summarize(rows);

        Assert.Equal(BatchStatistics.OverallGroup, summary.Overall.Group);
        Assert.Equal((22, 4), (summary.Overall.Rows, summary.Overall.Flagged));
        Assert.Equal(4 / 22.0, summary.Overall.Rate, 10);
        Assert.Equal(0.073069, summary.Overall.Lower, 5);
        Assert.Equal(0.385166, summary.Overall.Upper, 5);
        Assert.Equal(["(none)", "men", "women"], summary.Groups.Select(g => g.Group));
        var women = summary.Groups.Single(g => g.Group == "women");
        Assert.Equal((10, 3, 0.3), (women.Rows, women.Flagged, women.Rate));
        Assert.Equal(0.107791, women.Lower, 5);
        Assert.Equal(0.603222, women.Upper, 5);
        var none = summary.Groups.Single(g => g.Group == "(none)");
        Assert.Equal((2, 1), (none.Rows, none.Flagged));
        Assert.Equal(0.0, summary.Groups.Single(g => g.Group == "men").Rate);
    }

    [Fact]
    public void ProgressGivesRateAndTimeLeft()
    {
        var progress = new BatchProgress(250, 1000, TimeSpan.FromSeconds(5));
        Assert.Equal(50, progress.RowsPerSecond, 6);
        Assert.Equal(TimeSpan.FromSeconds(15), progress.Remaining);
        Assert.Equal(0.25, progress.Fraction, 6);
        Assert.Null(new BatchProgress(0, 1000, TimeSpan.FromSeconds(1)).Remaining);
    }
}
