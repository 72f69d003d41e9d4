using BiasApp.Core.Tokenization;

namespace BiasApp.Core.Explanations;

/// <summary>
/// A sentence split into words (the explainers' features) that can be encoded with any subset of its words
/// removed. A hidden word's pieces are dropped from the sequence, as if the word had never been written: the model
/// sees a shorter, ordinary sentence rather than a run of <c>[MASK]</c> tokens, which the stereotype model read as a
/// stereotype of its own (the all-masked score rose to 0.85–0.96 at 16–26 masks). The sentence with every word
/// removed, <c>[CLS] [SEP]</c>, is the baseline f(∅).
/// </summary>
public sealed class MaskedSentence
{
    private readonly int[] _template;
    private readonly int[] _pieceStart;
    private readonly int[] _pieceCount;
    private readonly int _tail;

    /// <summary>
    /// Builds the sentence over <paramref name="words"/>. Only the first <paramref name="maxWords"/> words that fit
    /// into <paramref name="maxTokens"/> (including [CLS] and [SEP]) become features; words past
    /// <paramref name="maxWords"/> that still fit stay visible in every coalition, and words past the token limit
    /// are cut, as the classifier would cut them.
    /// </summary>
    public MaskedSentence(IReadOnlyList<EncodedWord> words, int clsId, int sepId, int maxTokens, int maxWords = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 3);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWords, 0);
        var room = maxTokens - 2;
        var pieces = new List<int>(Math.Min(room + 2, 66)) { clsId };
        var features = new List<EncodedWord>();
        var starts = new List<int>();
        var counts = new List<int>();
        var cut = false;
        foreach (var word in words)
        {
            var take = Math.Min(word.PieceIds.Length, room - (pieces.Count - 1));
            if (take <= 0) { cut = true; break; }
            if (features.Count < maxWords)
            {
                features.Add(word);
                starts.Add(pieces.Count);
                counts.Add(take);
            }
            else
            {
                cut = true;
            }
            for (var p = 0; p < take; p++) pieces.Add(word.PieceIds[p]);
            if (take < word.PieceIds.Length) { cut = true; break; }
        }
        pieces.Add(sepId);
        _template = pieces.ToArray();
        _pieceStart = starts.ToArray();
        _pieceCount = counts.ToArray();
        _tail = starts.Count == 0 ? 1 : starts[^1] + counts[^1];
        Words = features;
        Truncated = cut;
    }

    /// <summary>
    /// Builds the sentence for <paramref name="sentence"/> with <paramref name="encoder"/>'s word split, grouped into
    /// readable units by <see cref="WordUnits.Group"/> (punctuation with its word, "don't" and "well-known" whole).
    /// </summary>
    public static MaskedSentence Create(TextEncoder encoder, string sentence, int maxTokens, int maxWords = int.MaxValue) =>
        new(WordUnits.Group(sentence, encoder.SplitWords(sentence)), encoder.ClsId, encoder.SepId, maxTokens, maxWords);

    /// <summary>The words that are features, in text order, with their spans in the original sentence.</summary>
    public IReadOnlyList<EncodedWord> Words { get; }

    /// <summary>Number of features.</summary>
    public int Count => _pieceStart.Length;

    /// <summary>True when some words are not features (past <c>maxWords</c> or past the model's token limit).</summary>
    public bool Truncated { get; }

    /// <summary>Length of the full sentence's sequence, [CLS] and [SEP] included; a coalition's is shorter.</summary>
    public int SequenceLength => _template.Length;

    /// <summary>The sequence in which only the words flagged in <paramref name="present"/> are kept.</summary>
    public int[] Build(ReadOnlySpan<bool> present)
    {
        if (present.Length != Count) throw new ArgumentException($"Expected {Count} flags.", nameof(present));
        var length = _template.Length;
        for (var w = 0; w < present.Length; w++) if (!present[w]) length -= _pieceCount[w];
        var sequence = new int[length];
        sequence[0] = _template[0];
        var at = 1;
        for (var w = 0; w < present.Length; w++)
        {
            if (!present[w]) continue;
            _template.AsSpan(_pieceStart[w], _pieceCount[w]).CopyTo(sequence.AsSpan(at));
            at += _pieceCount[w];
        }
        _template.AsSpan(_tail).CopyTo(sequence.AsSpan(at));
        return sequence;
    }

    /// <summary>The sequence for a coalition given as a bit set (bit w = word w kept); needs <see cref="Count"/> ≤ 31.</summary>
    public int[] Build(int coalition)
    {
        Span<bool> present = stackalloc bool[Count];
        for (var w = 0; w < present.Length; w++) present[w] = (coalition & (1 << w)) != 0;
        return Build(present);
    }

    /// <summary>The sequence with every word: x.</summary>
    public int[] BuildFull() => (int[])_template.Clone();

    /// <summary>The sequence with every feature word removed: the baseline ∅.</summary>
    public int[] BuildEmpty()
    {
        var sequence = new int[_template.Length - (_tail - 1)];
        sequence[0] = _template[0];
        _template.AsSpan(_tail).CopyTo(sequence.AsSpan(1));
        return sequence;
    }

    /// <summary>Scores f(x) and f(∅) in one call.</summary>
    public SentenceScores ScoreEnds(IBatchScorer scorer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var result = scorer.Score([BuildFull(), BuildEmpty()], cancellationToken);
        return new SentenceScores(result[0], result[1]);
    }

    /// <summary>Pairs each feature word with a value (and, when known, the value's standard error), for a result.</summary>
    public WordAttribution[] Attribute(ReadOnlySpan<double> values, ReadOnlySpan<double> errors = default)
    {
        var result = new WordAttribution[Count];
        for (var w = 0; w < result.Length; w++)
        {
            var word = Words[w];
            result[w] = new WordAttribution(word.Text, word.Start, word.Length, values[w]) { Error = errors.IsEmpty ? null : errors[w] };
        }
        return result;
    }
}
