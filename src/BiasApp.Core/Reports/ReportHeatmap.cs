using BiasApp.Core.Explanations;

namespace BiasApp.Core.Reports;

/// <summary>
/// How a sentence's words are tinted by their contribution, as on the analysis page: orange towards "stereotype", blue
/// against (a colour-blind-safe pair, the theme's warning and info colours), stronger for a larger share of the sentence's
/// largest |value|, at most <see cref="MaxTint"/> so black text stays readable.
/// </summary>
public static class ReportHeatmap
{
    /// <summary>Towards "stereotype": the app theme's warning colour (MudBlazor's default palette).</summary>
    public static readonly (byte R, byte G, byte B) Towards = (0xFF, 0x98, 0x00);

    /// <summary>Against "stereotype": the app theme's info colour.</summary>
    public static readonly (byte R, byte G, byte B) Against = (0x21, 0x96, 0xF3);

    /// <summary>Strongest tint, as a share of the colour over white.</summary>
    public const double MaxTint = 0.8;

    /// <summary>
    /// Cuts <paramref name="sentence"/> into words and the text between them (<c>Word</c> null). The words' offsets point
    /// into a text in which the sentence starts at <paramref name="offset"/>; a word that falls outside it is left out.
    /// </summary>
    public static IReadOnlyList<(string Text, WordAttribution? Word)> Segments(string sentence, int offset, IEnumerable<WordAttribution> words)
    {
        var segments = new List<(string, WordAttribution?)>();
        var at = 0;
        foreach (var word in words.OrderBy(w => w.Start))
        {
            var start = word.Start - offset;
            if (start < at || start + word.Length > sentence.Length) continue;
            if (start > at) segments.Add((sentence[at..start], null));
            segments.Add((sentence.Substring(start, word.Length), word));
            at = start + word.Length;
        }
        if (at < sentence.Length) segments.Add((sentence[at..], null));
        return segments;
    }

    /// <summary>|value| relative to the largest |value| of the sentence, 0…1; 0 when every value is 0.</summary>
    public static double Intensity(double value, double maxMagnitude) =>
        maxMagnitude > 0 ? Math.Clamp(Math.Abs(value) / maxMagnitude, 0, 1) : 0;

    /// <summary>The background of a word: its sign's colour mixed over white to <paramref name="intensity"/> × <see cref="MaxTint"/>.</summary>
    public static (byte R, byte G, byte B) Background(double value, double intensity) =>
        Mix(value >= 0 ? Towards : Against, intensity * MaxTint);

    /// <summary><paramref name="color"/> laid over white at <paramref name="share"/> (0…1).</summary>
    public static (byte R, byte G, byte B) Mix((byte R, byte G, byte B) color, double share)
    {
        share = Math.Clamp(share, 0, 1);
        static byte Channel(byte c, double s) => (byte)Math.Round(255 - (255 - c) * s);
        return (Channel(color.R, share), Channel(color.G, share), Channel(color.B, share));
    }

    /// <summary>A colour as CSS hex, <c>#ff9800</c>.</summary>
    public static string Hex((byte R, byte G, byte B) color) => $"#{color.R:x2}{color.G:x2}{color.B:x2}";
}
