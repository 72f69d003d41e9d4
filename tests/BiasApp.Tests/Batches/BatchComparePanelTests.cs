using BiasApp.Batches;
using BiasApp.Core.Batches;
using BiasApp.Data;

namespace BiasApp.Tests.Batches;

public sealed class BatchComparePanelTests : IAsyncDisposable
{
    private readonly BunitContext _ctx = new();

    public BatchComparePanelTests() => _ctx.AddMud();

    public ValueTask DisposeAsync() => _ctx.DisposeAsync();

    private static BatchStatusView Status(string? compareColumn) => new(Guid.NewGuid(), "llm.csv", BatchStatus.Done, 150, 150, 50, 0, null,
        DateTime.UtcNow, DateTime.UtcNow, DateTime.UtcNow, "stereotype-minilm@2.2.0", 0.5, null, 0, [], [], compareColumn);

    // claude 10/50, gpt 30/50 and <b>llama</b> 10/50 (a name that is markup must stay text), in two groups.
    private static BatchSummary Summary()
    {
        var rows = new List<(string?, string?, bool)>();
        void Add(string llm, string group, int flagged, int total) =>
            rows.AddRange(Enumerable.Range(0, total).Select(i => ((string?)group, (string?)llm, i < flagged)));
        Add("claude", "gender", 5, 25);
        Add("claude", "race", 5, 25);
        Add("gpt", "gender", 10, 25);
        Add("gpt", "race", 20, 25);
        Add("<b>llama</b>", "gender", 10, 50);
        return BatchStatistics.Summarize(rows, "llm");
    }

    private IRenderedComponent<BatchSummaryPanel> Render(BatchSummary summary, string? compareColumn) =>
        _ctx.Render<BatchSummaryPanel>(p => p.Add(c => c.Summary, summary).Add(c => c.Status, Status(compareColumn)).Add(c => c.Top, []));

    [Fact]
    public void TheSummaryShowsRatesPerValueTheTestAndThePairsThatDiffer()
    {
        var panel = Render(Summary(), "llm");

        Assert.Contains("Compared by llm", panel.Find("#batch-compare").TextContent);
        var table = panel.FindAll("#batch-compare-table tbody tr").Select(r => r.QuerySelectorAll("td").Select(td => td.TextContent).ToArray()).ToList();
        Assert.Equal(["<b>llama</b>", "claude", "gpt"], table.Select(r => r[0]));
        Assert.Equal(["gpt", "50", "30", "60.0%"], table[2][..4]);
        Assert.Equal(3, panel.FindAll("#batch-compare-chart g.group").Count);

        // χ² = 24, df = 2, p = exp(−12) (see CompareStatisticsTests).
        Assert.Equal(
            "Chi-square test of independence: χ² = 24, df = 2, p < 0.001. The rates differ between the values of llm (at the 5% level).",
            System.Text.RegularExpressions.Regex.Replace(panel.Find("#batch-compare-test").TextContent, @"\s+", " ").Trim());
        Assert.Equal(["gpt > <b>llama</b> (p < 0.001; 60.0% against 20.0%)", "gpt > claude (p < 0.001; 60.0% against 20.0%)"],
            panel.FindAll("#batch-compare-pairs li").Select(li => li.TextContent));
        Assert.Empty(panel.FindAll("#batch-compare b"));
    }

    [Fact]
    public void TheHeatmapHasACellPerValueAndGroupWithADashWhereThereAreNoRows()
    {
        var panel = Render(Summary(), "llm");

        var cell = panel.Find("#batch-compare-heatmap td[data-value='gpt'][data-group='race']");
        Assert.Equal("80.0%", cell.TextContent);
        Assert.Contains("color-mix(in srgb, var(--mud-palette-error) 80%, transparent)", cell.GetAttribute("style"));
        Assert.Contains("20 of 25 rows", cell.GetAttribute("title"));
        Assert.Equal("–", panel.Find("#batch-compare-heatmap td[data-value='<b>llama</b>'][data-group='race']").TextContent);
        Assert.Equal(["llm", "gender", "race"], panel.FindAll("#batch-compare-heatmap thead th").Select(th => th.TextContent));
    }

    [Fact]
    public void WithoutACompareColumnThereIsNoComparison()
    {
        var rows = new List<(string?, string?, bool)> { ("women", null, true), ("men", null, false) };

        var panel = Render(BatchStatistics.Summarize(rows, null), null);

        Assert.Empty(panel.FindAll("#batch-compare"));
        Assert.NotEmpty(panel.FindAll("#batch-rate-chart"));
    }

    [Fact]
    public void PValuesAreWrittenToTheirPrecision()
    {
        Assert.Equal("p < 0.001", BatchComparePanel.P(0.0004));
        Assert.Equal("p = 0.004", BatchComparePanel.P(0.0042));
        Assert.Equal("p = 0.04", BatchComparePanel.P(0.0404));
        Assert.Equal("p = 1.00", BatchComparePanel.P(1));
    }
}
