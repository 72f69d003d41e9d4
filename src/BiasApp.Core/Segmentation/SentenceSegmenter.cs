using System.Globalization;

namespace BiasApp.Core.Segmentation;

/// <summary>
/// Splits English text into sentences with character offsets into the original text.
/// </summary>
/// <remarks>
/// Hand-written on purpose: no maintained .NET library does English sentence boundaries well offline
/// (ICU's break iterator is not exposed by .NET, and the NLP ports need large model files or network).
/// The rules lean towards under-splitting, because a sentence merged with its neighbour is still classified
/// with context, while a wrongly split one loses it:
/// <list type="bullet">
/// <item>Every line break ends a sentence (pasted lists and headings have no final punctuation).</item>
/// <item><c>. ! ? …</c> (and runs such as <c>?!</c> or <c>...</c>) end a sentence when followed by whitespace or the end,
/// taking any closing quotes or brackets and trailing emoji with them.</item>
/// <item>No break before a lower-case word, after a known abbreviation (Mr., Dr., e.g.), after a single
/// initial (J. Smith) or an initialism (U.S.), or inside numbers (3.14).</item>
/// <item>A sentence longer than the maximum is cut at the last whitespace before the limit.</item>
/// </list>
/// Thread-safe; register as a singleton.
/// </remarks>
public sealed class SentenceSegmenter
{
    /// <summary>Default maximum sentence length in characters: 1000.</summary>
    public const int DefaultMaxSentenceLength = 1000;

    // Abbreviations that are normally followed by more of the same sentence (titles, "for example").
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "mr", "mrs", "ms", "mx", "dr", "prof", "sr", "jr", "st", "mt", "rev", "fr", "gen", "col", "lt", "sgt",
        "capt", "cpt", "maj", "gov", "sen", "rep", "hon", "pres", "vs", "v", "e.g", "i.e", "cf", "viz", "al",
        "fig", "figs", "approx", "dept", "est", "no", "nos", "vol", "pp", "p", "ca",
    };

    private readonly int _maxLength;

    /// <summary>Creates a segmenter.</summary>
    /// <param name="maxSentenceLength">Longest sentence in characters before it is cut at whitespace. Default 1000, at least 20.</param>
    public SentenceSegmenter(int maxSentenceLength = DefaultMaxSentenceLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSentenceLength, 20);
        _maxLength = maxSentenceLength;
    }

    /// <summary>The sentences of <paramref name="text"/>, in order, none empty.</summary>
    public IReadOnlyList<SentenceSpan> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sentences = new List<SentenceSpan>();
        var lineStart = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i == text.Length || text[i] is '\n' or '\r' or '\u2028' or '\u2029')
            {
                SplitLine(text, lineStart, i, sentences);
                lineStart = i + 1;
            }
        }
        return sentences;
    }

    private void SplitLine(string text, int start, int end, List<SentenceSpan> sentences)
    {
        var sentenceStart = start;
        var i = start;
        while (i < end)
        {
            if (!IsTerminal(text[i])) { i++; continue; }

            var punctuationStart = i;
            while (i < end && IsTerminal(text[i])) i++;
            while (i < end && IsCloser(text[i])) i++;
            var boundary = i;
            boundary = AbsorbTrailingEmoji(text, boundary, end);

            if (boundary < end && !char.IsWhiteSpace(text[boundary])) { i = boundary; continue; }
            if (!EndsSentence(text, punctuationStart, i, boundary, end)) { i = boundary; continue; }

            Add(text, sentenceStart, boundary, sentences);
            sentenceStart = boundary;
            i = boundary;
        }
        Add(text, sentenceStart, end, sentences);
    }

    private static bool EndsSentence(string text, int punctuationStart, int punctuationEnd, int boundary, int end)
    {
        var next = NextNonSpace(text, boundary, end);
        if (next == end) return true;
        // A sentence practically never starts lower-case: "Really?" she asked. / wait... what?
        if (char.IsLower(text[next])) return false;

        var run = text.AsSpan(punctuationStart, punctuationEnd - punctuationStart).TrimEnd("\"'”’)]}»");
        if (run.Length != 1 || run[0] != '.') return true;

        var word = WordBefore(text, punctuationStart);
        if (word.Length == 0) return true;
        if (Abbreviations.Contains(word)) return false;
        if (word.Length == 1 && char.IsUpper(word[0])) return false; // an initial: J. Smith
        if (IsInitialism(word)) return false; // U.S., U.K., a.m.
        return true;
    }

    // The non-space run before the period, without opening quotes or brackets: "(Dr" -> "Dr", "U.S" -> "U.S".
    private static string WordBefore(string text, int period)
    {
        var start = period;
        while (start > 0 && !char.IsWhiteSpace(text[start - 1])) start--;
        while (start < period && (IsOpener(text[start]) || IsCloser(text[start]))) start++;
        return text[start..period];
    }

    private static bool IsInitialism(string word)
    {
        var parts = word.Split('.');
        return parts.Length > 1 && parts.All(p => p.Length == 1 && char.IsLetter(p[0]));
    }

    private static int NextNonSpace(string text, int index, int end)
    {
        while (index < end && char.IsWhiteSpace(text[index])) index++;
        return index;
    }

    // "So good! 😍😍 Next." keeps the emoji with the sentence they react to.
    private static int AbsorbTrailingEmoji(string text, int index, int end)
    {
        var probe = NextNonSpace(text, index, end);
        if (probe == end || !IsEmojiAt(text, probe)) return index;
        while (probe < end)
        {
            if (IsEmojiAt(text, probe)) probe += char.IsSurrogatePair(text, probe) ? 2 : 1;
            else if (text[probe] == ' ' && probe + 1 < end && IsEmojiAt(text, probe + 1)) probe++;
            else break;
        }
        return probe;
    }

    private static bool IsEmojiAt(string text, int index)
    {
        var c = text[index];
        if (c is '\u200D' or '\uFE0F') return true; // zero-width joiner, emoji presentation selector
        if (char.IsSurrogatePair(text, index))
        {
            var cp = char.ConvertToUtf32(text, index);
            return cp is (>= 0x1F000 and <= 0x1FAFF);
        }
        return c is (>= '\u2600' and <= '\u27BF') && CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.OtherSymbol;
    }

    private void Add(string text, int start, int end, List<SentenceSpan> sentences)
    {
        while (start < end && char.IsWhiteSpace(text[start])) start++;
        while (end > start && char.IsWhiteSpace(text[end - 1])) end--;
        while (end - start > _maxLength)
        {
            var cut = CutPoint(text, start, start + _maxLength);
            Add(text, start, cut, sentences);
            start = cut;
            while (start < end && char.IsWhiteSpace(text[start])) start++;
        }
        if (end > start) sentences.Add(new SentenceSpan(start, end - start, text[start..end]));
    }

    // Last whitespace within the limit, else a hard cut that never splits a surrogate pair.
    private static int CutPoint(string text, int start, int limit)
    {
        for (var i = limit; i > start; i--)
        {
            if (char.IsWhiteSpace(text[i])) return i;
        }
        return char.IsLowSurrogate(text[limit]) ? limit - 1 : limit;
    }

    private static bool IsTerminal(char c) => c is '.' or '!' or '?' or '…' or '‼' or '⁇' or '⁈' or '⁉' or '。' or '！' or '？';
    private static bool IsCloser(char c) => c is '"' or '\'' or '”' or '’' or ')' or ']' or '}' or '»' or '›';
    private static bool IsOpener(char c) => c is '"' or '\'' or '“' or '‘' or '(' or '[' or '{' or '«' or '‹';
}
