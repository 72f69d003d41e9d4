using System.Globalization;
using System.Text;

namespace BiasApp.Core.Analysis;

/// <summary>
/// The short-input rule: a sentence of fewer than <see cref="MinWords"/> words (a heading, a name, a salutation such as
/// "Sport", "Readers" or "Dear Anna,") says too little to judge. It is labelled <see cref="Labels.TooShort"/> and never
/// reaches the model.
/// </summary>
public static class ShortSentences
{
    /// <summary>Fewest words a sentence needs to be scored: 3.</summary>
    public const int MinWords = 3;

    /// <summary>True when <paramref name="sentence"/> has fewer than <see cref="MinWords"/> words (see <see cref="CountWords"/>).</summary>
    public static bool IsTooShort(string sentence) => CountWords(sentence) < MinWords;

    /// <summary>
    /// Words in <paramref name="text"/>: runs of letters and digits. Punctuation, symbols and emoji are not words. Combining
    /// marks stay in their word, and an apostrophe or hyphen between two letters or digits joins them, so "isn't",
    /// "well-known" and "Café" (decomposed) are one word each.
    /// </summary>
    public static int CountWords(ReadOnlySpan<char> text)
    {
        var count = 0;
        var inWord = false;
        var afterJoiner = false;
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune))
            {
                if (!inWord) count++;
                inWord = true;
                afterJoiner = false;
            }
            else if (inWord && !afterJoiner && (IsJoiner(rune) || IsMark(rune)))
            {
                // A joiner only counts when a letter follows; "dogs' bark" and "well -" end the word at the next non-letter.
                afterJoiner = IsJoiner(rune);
            }
            else
            {
                inWord = false;
                afterJoiner = false;
            }
        }
        return count;
    }

    private static bool IsJoiner(Rune rune) => IsJoiner(rune.Value);

    /// <summary>
    /// Apostrophes and hyphens that join two words into one ("don't", "well-known"): ASCII and typographic apostrophe,
    /// hyphen-minus, hyphen and non-breaking hyphen. Shared with the explanations' word grouping.
    /// </summary>
    internal static bool IsJoiner(int codePoint) => codePoint is '\'' or '\u2019' or '-' or '\u2010' or '\u2011';

    private static bool IsMark(Rune rune) => Rune.GetUnicodeCategory(rune)
        is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;
}
