namespace BiasApp.Core.Explanations;

/// <summary>
/// A binary tree over the words of a sentence in which every node is a run of neighbouring words, for
/// <see cref="OwenShapEstimator"/>. A run is split in the middle, or after a word that ends a clause (",", ";", ":",
/// ".", "!", "?") when one lies in the middle half of the run, so that clauses stay together as the shap library's
/// text masker keeps them. Node 0 is the root; a leaf has <c>Left</c> = −1 and <c>Start</c> = its word.
/// </summary>
public sealed class WordHierarchy
{
    private readonly List<(int Start, int End, int Left, int Right)> _nodes = [];

    private WordHierarchy(IReadOnlyList<string> words)
    {
        if (words.Count > 0) Add(words, 0, words.Count);
    }

    /// <summary>The hierarchy over <paramref name="words"/> (the units' text, in order).</summary>
    public static WordHierarchy Build(IReadOnlyList<string> words) => new(words);

    /// <summary>Nodes: the words [Start, End) and the children's indices (−1 for a leaf).</summary>
    public IReadOnlyList<(int Start, int End, int Left, int Right)> Nodes => _nodes;

    private int Add(IReadOnlyList<string> words, int start, int end)
    {
        var index = _nodes.Count;
        _nodes.Add((start, end, -1, -1));
        if (end - start == 1) return index;
        var split = Split(words, start, end);
        var left = Add(words, start, split);
        var right = Add(words, split, end);
        _nodes[index] = (start, end, left, right);
        return index;
    }

    /// <summary>Where [start, end) splits: the clause end nearest the middle within the middle half, else the middle.</summary>
    public static int Split(IReadOnlyList<string> words, int start, int end)
    {
        var middle = start + (end - start + 1) / 2;
        var reach = (end - start) / 4;
        var best = -1;
        for (var k = Math.Max(start + 1, middle - reach); k <= Math.Min(end - 1, middle + reach); k++)
        {
            if (EndsClause(words[k - 1]) && (best < 0 || Math.Abs(k - middle) < Math.Abs(best - middle))) best = k;
        }
        return best > 0 ? best : middle;
    }

    private static bool EndsClause(string word) => word.Length > 0 && word[^1] is ',' or ';' or ':' or '.' or '!' or '?';
}
