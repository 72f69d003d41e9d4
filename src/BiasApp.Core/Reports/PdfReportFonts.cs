using System.Globalization;
using System.Text;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Fonts.TrueType;
using UglyToad.PdfPig.Fonts.TrueType.Parser;

namespace BiasApp.Core.Reports;

/// <summary>
/// The fonts of a PDF report. With a regular and a bold TrueType file (DejaVu Sans, Debian's <c>fonts-dejavu-core</c>)
/// the PDF embeds subsets of them and shows every character they have (Latin, Greek, Cyrillic, most symbols). Without them
/// it falls back to the PDF's built-in Helvetica, which needs no file but shows only ASCII here: accents are dropped
/// ("é" → "e"), common punctuation is written in ASCII ("’" → "'", "–" → "-") and anything else becomes "?". A character
/// the TrueType font lacks becomes "?" too. <see cref="Fallback"/> says which is in use. Immutable and thread-safe.
/// </summary>
public sealed class PdfReportFonts
{
    private readonly TrueTypeFont? _regular, _bold;
    private readonly Dictionary<char, double>? _helvetica, _helveticaBold;

    private PdfReportFonts(byte[]? regular, byte[]? bold)
    {
        RegularBytes = regular;
        BoldBytes = bold;
        if (regular is not null && bold is not null)
        {
            _regular = TrueTypeFontParser.Parse(new TrueTypeDataBytes(regular));
            _bold = TrueTypeFontParser.Parse(new TrueTypeDataBytes(bold));
        }
        else
        {
            _helvetica = AsciiWidths(Standard14Font.Helvetica);
            _helveticaBold = AsciiWidths(Standard14Font.HelveticaBold);
        }
    }

    /// <summary>The built-in Helvetica: no file needed, ASCII only.</summary>
    public static PdfReportFonts Standard { get; } = new(null, null);

    /// <summary>
    /// The TrueType fonts at <paramref name="regularPath"/> and <paramref name="boldPath"/>; <see cref="Standard"/> when
    /// either is missing or unreadable (<paramref name="problem"/> then says why).
    /// </summary>
    public static PdfReportFonts Load(string? regularPath, string? boldPath, out string? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(regularPath) || string.IsNullOrWhiteSpace(boldPath))
        {
            problem = "no font files are configured";
            return Standard;
        }
        try
        {
            return new PdfReportFonts(File.ReadAllBytes(regularPath), File.ReadAllBytes(boldPath));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException or IndexOutOfRangeException)
        {
            problem = $"{regularPath} or {boldPath} could not be read ({ex.Message})";
            return Standard;
        }
    }

    /// <summary>True when the built-in Helvetica is used (ASCII only).</summary>
    public bool Fallback => _regular is null;

    internal byte[]? RegularBytes { get; }
    internal byte[]? BoldBytes { get; }

    /// <summary>The width of <paramref name="text"/> at <paramref name="size"/> points; the text must be <see cref="Printable"/>.</summary>
    public double Width(string text, double size, bool bold)
    {
        double units = 0;
        if (_regular is not null)
        {
            var font = bold ? _bold! : _regular;
            foreach (var c in text) units += font.TryGetAdvanceWidth(c, out var w) ? w : 0;
            return units * size / font.GetUnitsPerEm();
        }
        var widths = bold ? _helveticaBold! : _helvetica!;
        foreach (var c in text) units += widths.GetValueOrDefault(c);
        return units * size / 1000;
    }

    /// <summary>
    /// <paramref name="text"/> with every character the font cannot show replaced (see the class summary); <paramref name="replaced"/>
    /// counts the characters that became "?".
    /// </summary>
    public string Printable(string text, ref int replaced)
    {
        StringBuilder? result = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (CanShow(c))
            {
                result?.Append(c);
                continue;
            }
            result ??= new StringBuilder(text.Length).Append(text, 0, i);
            var substitute = Substitute(c);
            if (substitute.Length == 0) replaced++;
            result.Append(substitute.Length == 0 ? "?" : substitute);
            // A surrogate pair is one character that is not shown.
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
        }
        return result?.ToString() ?? text;
    }

    private bool CanShow(char c) =>
        c == ' ' || (_regular is not null ? !char.IsControl(c) && !char.IsSurrogate(c) && _regular.TryGetAdvanceWidth(c, out _) && _bold!.TryGetAdvanceWidth(c, out _) : c is > ' ' and < '\u007f');

    // ASCII stand-ins for the built-in font; an empty string for none.
    private string Substitute(char c)
    {
        if (char.IsWhiteSpace(c)) return " ";
        if (!Fallback) return "";
        var ascii = c switch
        {
            '‘' or '’' or '‚' or '′' => "'",
            '“' or '”' or '„' or '″' or '«' or '»' => "\"",
            '–' or '—' or '−' or '‐' => "-",
            '…' => "...",
            '•' or '·' => "*",
            '×' => "x",
            '≥' => ">=",
            '≤' => "<=",
            '¶' => "par.",
            'χ' => "chi",
            '²' => "2",
            'ß' => "ss",
            'æ' => "ae",
            'Æ' => "AE",
            'ø' => "o",
            'Ø' => "O",
            'ł' => "l",
            'Ł' => "L",
            _ => null,
        };
        if (ascii is not null) return ascii;
        // A letter with accents: its base letter ("é" → "e").
        var decomposed = c.ToString().Normalize(NormalizationForm.FormD);
        return decomposed.Length > 1 && decomposed[0] is > ' ' and < '\u007f' && decomposed.Skip(1).All(m => CharUnicodeInfo.GetUnicodeCategory(m) == UnicodeCategory.NonSpacingMark)
            ? decomposed[0].ToString() : "";
    }

    private static Dictionary<char, double> AsciiWidths(Standard14Font font)
    {
        var metrics = Standard14.GetAdobeFontMetrics(font);
        var widths = new Dictionary<char, double>();
        for (var c = ' '; c < '\u007f'; c++)
        {
            if (UglyToad.PdfPig.Fonts.GlyphList.AdobeGlyphList.UnicodeCodePointToName(c) is { } name && metrics.CharacterMetrics.TryGetValue(name, out var metric))
                widths[c] = metric.Width.X;
        }
        return widths;
    }
}
