namespace BiasApp.Core.Decisions;

/// <summary>
/// The decided sentences' words (<see cref="NearDuplicates.Words"/>) as small integers, so the near-duplicate word test
/// runs on a few integer comparisons instead of splitting a decided text again for every candidate. Each distinct word
/// (ignoring case) gets a number; a code is that number times two, plus one when the word, as written, is a detail
/// (<see cref="NearDuplicates.IsDetail"/>). A word of the sentence looked up that no decision has gets a number of its own
/// below zero, so it equals nothing. The test on codes gives what the test on the words gives (<c>DecisionWordsTests</c>).
/// Built once per <see cref="DecisionMatcher"/> and only read after.
/// </summary>
internal sealed class DecisionWords
{
    private readonly Dictionary<string, int> _numbers = new(StringComparer.OrdinalIgnoreCase);
    private readonly int[][] _rows;
    private readonly NearDuplicates _details;

    /// <summary>The words of each of <paramref name="texts"/>, in order.</summary>
    public DecisionWords(IReadOnlyList<string> texts, NearDuplicates details)
    {
        _details = details;
        _rows = new int[texts.Count][];
        for (var i = 0; i < texts.Count; i++) _rows[i] = Encode(NearDuplicates.Words(texts[i]), add: true);
        _numbers.TrimExcess();
    }

    /// <summary>The codes of <paramref name="text"/>'s words, for <see cref="DifferOnlyInDetails"/>.</summary>
    public int[] Encode(string text) => Encode(NearDuplicates.Words(text), add: false);

    /// <summary>True when the sentence coded <paramref name="words"/> and decided sentence <paramref name="row"/> differ only in details.</summary>
    public bool DifferOnlyInDetails(int[] words, int row) => NearDuplicates.DifferOnlyInDetails(words, _rows[row]);

    private int[] Encode(string[] words, bool add)
    {
        var codes = new int[words.Length];
        var unknown = 0;
        for (var i = 0; i < words.Length; i++)
        {
            if (!_numbers.TryGetValue(words[i], out var number))
            {
                if (add) _numbers[words[i]] = number = _numbers.Count;
                else number = --unknown;
            }
            codes[i] = number * 2 + (_details.IsDetail(words[i]) ? 1 : 0);
        }
        return codes;
    }
}
