using BiasApp.Core.Tokenization;

namespace BiasApp.Core.Explanations;

/// <summary>
/// Groups BERT's basic-tokenizer words into the units an analyst reads, so that an explanation gives one value to
/// "don't", "well-known", "women's" and "lazy." rather than to "don", "'", "t" and ".":
/// <list type="bullet">
/// <item>punctuation belongs to the word before it; an opening mark directly followed by a word (a quote, a bracket)
/// belongs to the word after it;</item>
/// <item>a word written directly after a hyphen or an apostrophe, with no space, joins that unit.</item>
/// </list>
/// A unit's pieces are contiguous, so hiding a unit removes a contiguous run of tokens.
/// </summary>
public static class WordUnits
{
    /// <summary>The units of <paramref name="text"/>, whose words (from <see cref="TextEncoder.SplitWords"/>) are <paramref name="words"/>.</summary>
    public static IReadOnlyList<EncodedWord> Group(string text, IReadOnlyList<EncodedWord> words)
    {
        var units = new List<(int Start, int End, List<int> Pieces)>();
        var pendingOpen = -1; // index in words of an opening mark waiting for its word
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            var isMark = word.Length == 1 && !char.IsLetterOrDigit(word.Text[0]);
            var touchesPrevious = i > 0 && words[i - 1].Start + words[i - 1].Length == word.Start;
            var touchesNext = i + 1 < words.Count && word.Start + word.Length == words[i + 1].Start;
            if (isMark && !touchesPrevious && touchesNext && char.IsLetterOrDigit(words[i + 1].Text[0]) && pendingOpen < 0)
            {
                pendingOpen = i; // an opening quote or bracket: keep it for the next word
                continue;
            }
            var joinsPrevious = units.Count > 0 && pendingOpen < 0 && (
                isMark // punctuation goes with the word before it
                || (touchesPrevious && IsJoiner(words[i - 1]))); // "don't", "well-known"
            if (joinsPrevious)
            {
                var last = units[^1];
                last.Pieces.AddRange(word.PieceIds);
                units[^1] = (last.Start, word.Start + word.Length, last.Pieces);
                continue;
            }
            var start = pendingOpen >= 0 ? words[pendingOpen].Start : word.Start;
            var pieces = new List<int>(pendingOpen >= 0 ? words[pendingOpen].PieceIds : []);
            pieces.AddRange(word.PieceIds);
            units.Add((start, word.Start + word.Length, pieces));
            pendingOpen = -1;
        }
        if (pendingOpen >= 0) // a lone opening mark at the end
        {
            var w = words[pendingOpen];
            if (units.Count > 0)
            {
                var last = units[^1];
                last.Pieces.AddRange(w.PieceIds);
                units[^1] = (last.Start, w.Start + w.Length, last.Pieces);
            }
            else
            {
                units.Add((w.Start, w.Start + w.Length, [.. w.PieceIds]));
            }
        }
        return units.Select(u => new EncodedWord(text.Substring(u.Start, u.End - u.Start), u.Start, u.End - u.Start, u.Pieces.ToArray())).ToArray();
    }

    private static bool IsJoiner(EncodedWord word) => word.Length == 1 && Analysis.ShortSentences.IsJoiner(word.Text[0]);
}
