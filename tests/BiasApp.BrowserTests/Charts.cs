namespace BiasApp.BrowserTests;

/// <summary>Measurements of a drawn chart.</summary>
public static class Charts
{
    /// <summary>
    /// Asserts that <paramref name="chart"/> draws across more than 90% of its card's content width, waiting up to five
    /// seconds for a chart that sizes itself after its first render.
    /// </summary>
    public static async Task AssertFillsItsCardAsync(ILocator chart)
    {
        var share = 0.0;
        for (var waited = 0; waited < 5_000; waited += 250)
        {
            share = await DrawnShareOfCardAsync(chart);
            if (share > 0.9) return;
            await Task.Delay(250);
        }
        Assert.Fail($"The chart draws across {share:P0} of its card.");
    }

    /// <summary>
    /// The width of what <paramref name="chart"/> draws (the union of its SVG shapes and text, as laid out on screen) as a
    /// share of its card's content width (the nearest <c>.mud-paper</c> less its padding). An SVG box can span the card
    /// while its viewBox draws a narrow picture in the middle, so the shapes are measured, not the box.
    /// </summary>
    public static Task<double> DrawnShareOfCardAsync(ILocator chart) => chart.EvaluateAsync<double>("""
        el => {
            const shapes = [...el.querySelectorAll('svg path, svg rect, svg line, svg circle, svg text')]
                .map(s => s.getBoundingClientRect()).filter(r => r.width > 0 || r.height > 0);
            if (shapes.length === 0) return 0;
            const left = Math.min(...shapes.map(r => r.left));
            const right = Math.max(...shapes.map(r => r.right));
            const card = el.closest('.mud-paper');
            const style = getComputedStyle(card);
            const content = card.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
            return (right - left) / content;
        }
        """);
}
