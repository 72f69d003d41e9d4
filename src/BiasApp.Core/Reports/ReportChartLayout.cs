namespace BiasApp.Core.Reports;

/// <summary>
/// Where a <see cref="ReportChart"/>'s bars, whiskers and labels go, in points from the chart's top left, so the SVG of the
/// HTML and the drawing of the PDF are the same chart.
/// </summary>
public sealed class ReportChartLayout(ReportChart chart, double width, double height)
{
    /// <summary>Width of the axis labels at the left.</summary>
    public const double AxisWidth = 40;

    private const double TopSpace = 18, BottomSpace = 26, BarShare = 0.5, CapShare = 0.2;

    /// <summary>The rates of the gridlines.</summary>
    public static readonly double[] Ticks = [0, 0.25, 0.5, 0.75, 1];

    public double Width { get; } = width;
    public double Height { get; } = height;

    /// <summary>Horizontal room for each bar.</summary>
    public double Slot => (Width - AxisWidth) / Math.Max(1, chart.Bars.Count);

    /// <summary>The vertical position of a rate.</summary>
    public double Y(double rate) => TopSpace + (1 - Math.Clamp(rate, 0, 1)) * (Height - TopSpace - BottomSpace);

    /// <summary>The centre of bar <paramref name="index"/>.</summary>
    public double Centre(int index) => AxisWidth + Slot * (index + 0.5);

    /// <summary>Half the width of a bar: half its slot, at most 30 points wide.</summary>
    public double HalfBar => Math.Min(Slot * BarShare, 60) / 2;

    /// <summary>Half the width of a whisker's cap.</summary>
    public double HalfCap => Math.Max(2, Slot * CapShare / 2);

    /// <summary>The baseline of the labels under the bars.</summary>
    public double LabelY => Height - 8;

    /// <summary>A bar's label, cut to fit its slot (about 5.5 points a character at the label size).</summary>
    public string Label(ReportBar bar) => ReportText.Clip(bar.Label, Math.Max(3, (int)(Slot / 5.5)));
}
