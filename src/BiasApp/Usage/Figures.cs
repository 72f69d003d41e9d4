using System.Globalization;

namespace BiasApp.Usage;

/// <summary>How the usage and admin pages write numbers: shares that do not round small values away, and date axes that stay readable.</summary>
public static class Figures
{
    private const string NoBreakPercent = "%";

    /// <summary>
    /// <paramref name="part"/> of <paramref name="whole"/> as a percentage: one decimal below 10% ("0.2%" for 6 of 2,760,
    /// never "0%" for a share that is not zero; "&lt; 0.1%" below that), whole numbers from 10% up. "0%" for an empty whole.
    /// Every page writes percentages the same way: no space before the sign.
    /// </summary>
    public static string Percent(long part, long whole)
    {
        if (whole <= 0 || part <= 0) return "0" + NoBreakPercent;
        var percent = 100.0 * part / whole;
        if (percent < 0.05) return "<\u00A00.1" + NoBreakPercent;
        return percent < 9.95
            ? percent.ToString("0.0", CultureInfo.InvariantCulture) + NoBreakPercent
            : percent.ToString("0", CultureInfo.InvariantCulture) + NoBreakPercent;
    }

    /// <summary>A rate (0..1) as a percentage with one decimal: "50.0%", "0.3%".</summary>
    public static string Rate(double fraction) => (fraction * 100).ToString("0.0", CultureInfo.InvariantCulture) + NoBreakPercent;

    /// <summary>
    /// "1 analysis", "3 analyses": <paramref name="count"/> with the noun in the right number (<paramref name="plural"/>
    /// defaults to <paramref name="singular"/> + "s").
    /// </summary>
    public static string Count(long count, string singular, string? plural = null) =>
        $"{count.ToString("N0", CultureInfo.InvariantCulture)} {(count == 1 ? singular : plural ?? singular + "s")}";

    /// <summary>A latency in milliseconds: one decimal below 10 ms (a cached analysis takes well under 1 ms), whole numbers above.</summary>
    public static string Milliseconds(double ms) =>
        ms < 9.95 ? ms.ToString("0.0", CultureInfo.InvariantCulture) : ms.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>
    /// X-axis labels for one bar per day: "MM-dd" on at most <paramref name="maxLabels"/> days, evenly spaced and counted back from
    /// the last day (so today is always labelled); the other days get an empty label. 30 labels side by side overlap.
    /// </summary>
    public static string[] DayLabels(IReadOnlyList<DateOnly> days, int maxLabels = 8)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLabels, 1);
        var step = Math.Max(1, (int)Math.Ceiling((double)days.Count / maxLabels));
        return [.. days.Select((day, i) => (days.Count - 1 - i) % step == 0 ? day.ToString("MM-dd", CultureInfo.InvariantCulture) : "")];
    }
}
