using System.Globalization;
using BiasApp.Batches;
using BiasApp.Core.Batches;

namespace BiasApp.Tests.Batches;

public sealed class BatchRateChartTests : IAsyncDisposable
{
    private readonly BunitContext _ctx = new();

    public BatchRateChartTests() => _ctx.AddMud();

    public ValueTask DisposeAsync() => _ctx.DisposeAsync();

    private IRenderedComponent<BatchRateChart> Render(params GroupRate[] groups) =>
        _ctx.Render<BatchRateChart>(p => p.Add(c => c.Groups, groups));

    private static AngleSharp.Dom.IElement Group(IRenderedComponent<BatchRateChart> chart, string name) =>
        chart.FindAll("g.group").Single(g => g.GetAttribute("data-group") == name);

    private static string Percent(double value) => (value * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    [Fact]
    public void AGroupAtZeroPercentDrawsAMarkerOnTheAxisInsteadOfNothing()
    {
        var chart = Render(BatchStatistics.Rate("men", 12, 0), BatchStatistics.Rate("women", 10, 4));

        var zero = Group(chart, "men");
        Assert.NotNull(zero.QuerySelector(".zero-marker"));
        Assert.Null(zero.QuerySelector("rect.bar"));
        Assert.Equal(Percent(0), zero.QuerySelector("text.value")!.TextContent);
        var some = Group(chart, "women");
        Assert.NotNull(some.QuerySelector("rect.bar"));
        Assert.Null(some.QuerySelector(".zero-marker"));
    }

    [Fact]
    public void EachGroupDrawsAWhiskerFromItsLowerToItsUpperWilsonBound()
    {
        var groups = new[] { BatchStatistics.Rate("a", 12, 0), BatchStatistics.Rate("b", 10, 4), BatchStatistics.Rate("c", 3, 3) };
        var chart = Render(groups);

        foreach (var rate in groups)
        {
            var whisker = Group(chart, rate.Group).QuerySelector("line.whisker");
            Assert.NotNull(whisker);
            // y grows downwards: the upper bound is the smaller y.
            var top = double.Parse(whisker.GetAttribute("y1")!, CultureInfo.InvariantCulture);
            var bottom = double.Parse(whisker.GetAttribute("y2")!, CultureInfo.InvariantCulture);
            Assert.True(bottom > top, $"{rate.Group}: whisker from {bottom} to {top}");
            Assert.Equal(2, Group(chart, rate.Group).QuerySelectorAll("line.whisker-cap").Length);
            Assert.Contains($"95% CI {Percent(rate.Lower)}–{Percent(rate.Upper)}", Group(chart, rate.Group).QuerySelector("title")!.TextContent);
        }
    }

    [Fact]
    public void GroupNamesAreTextNotMarkup()
    {
        var chart = Render(BatchStatistics.Rate("<b>x</b>", 2, 1), BatchStatistics.Rate("<meta http-equiv=refresh content=\"0;url=https://example.com\">", 2, 0));

        Assert.Empty(chart.FindAll("b"));
        Assert.Empty(chart.FindAll("meta"));
        Assert.Contains("<b>x</b>", chart.Find(".batch-rate-plot").TextContent);
    }
}
