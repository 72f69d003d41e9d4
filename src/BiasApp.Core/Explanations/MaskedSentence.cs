using BiasApp.Core.Tokenization;

namespace BiasApp.Core.Explanations;

/// <summary>
/// A sentence split into words (the explainers' features) that can be encoded with any subset of its
/// words hidden. A hidden word has each of its word pieces replaced by <c>[MASK]</c> rather than being
/// removed: positions and sequence length stay the same for every coalition (so a batch needs no
/// re-padding and position embeddings do not shift), and <c>[MASK]</c> is the "unknown token" BERT-style
/// encoders saw in pretraining. The sentence with every word hidden is the baseline f(∅).
/// </summary>
public sealed class MaskedSentence
{
    private readonly int[] _template;
    private readonly int[] _pieceStart;
    private readonly int[] _pieceCount;
    private readonly int _maskId;

    /// <summary>
    /// Builds the masker over <paramref name="words"/>. Only the first <paramref name="maxWords"/> words that fit
    /// into <paramref name="maxTokens"/> (including [CLS] and [SEP]) become features; words past
    /// <paramref name="maxWords"/> that still fit stay visible in every coalition, and words past the token limit
    /// are cut, as the classifier would cut them.
    /// </summary>
    public MaskedSentence(IReadOnlyList<EncodedWord> words, int clsId, int sepId, int maskId, int maxTokens, int maxWords = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 3);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWords, 0);
        _maskId = maskId;
        var room = maxTokens - 2;
        var pieces = new List<int>(Math.Min(room, 64)) { clsId };
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
        Words = features;
        Truncated = cut;
    }

    /// <summary>Builds the masker for <paramref name="sentence"/> with <paramref name="encoder"/>'s word split.</summary>
    public static MaskedSentence Create(TextEncoder encoder, string sentence, int maxTokens, int maxWords = int.MaxValue) =>
        new(encoder.SplitWords(sentence), encoder.ClsId, encoder.SepId, encoder.MaskId, maxTokens, maxWords);

    /// <summary>The words that are features, in text order, with their spans in the original sentence.</summary>
    public IReadOnlyList<EncodedWord> Words { get; }

    /// <summary>Number of features.</summary>
    public int Count => _pieceStart.Length;

    /// <summary>True when some words are not features (past <c>maxWords</c> or past the model's token limit).</summary>
    public bool Truncated { get; }

    /// <summary>Length of every encoded coalition, [CLS] and [SEP] included.</summary>
    public int SequenceLength => _template.Length;

    /// <summary>A new array for <see cref="Fill(int[], ReadOnlySpan{bool})"/>.</summary>
    public int[] NewSequence() => new int[_template.Length];

    /// <summary>Writes the sequence in which only the words flagged in <paramref name="present"/> are visible.</summary>
    public void Fill(int[] destination, ReadOnlySpan<bool> present)
    {
        if (present.Length != Count) throw new ArgumentException($"Expected {Count} flags.", nameof(present));
        _template.CopyTo(destination, 0);
        for (var w = 0; w < present.Length; w++)
        {
            if (!present[w]) Hide(destination, w);
        }
    }

    /// <summary>Writes the sequence with every word visible: x.</summary>
    public void FillFull(int[] destination) => _template.CopyTo(destination, 0);

    /// <summary>Writes the sequence with every feature word masked: the baseline ∅.</summary>
    public void FillEmpty(int[] destination)
    {
        _template.CopyTo(destination, 0);
        for (var w = 0; w < Count; w++) Hide(destination, w);
    }

    /// <summary>Writes the sequence for a coalition given as a bit set (bit w = word w visible); needs <see cref="Count"/> ≤ 31.</summary>
    public void Fill(int[] destination, int coalition)
    {
        _template.CopyTo(destination, 0);
        for (var w = 0; w < Count; w++)
        {
            if ((coalition & (1 << w)) == 0) Hide(destination, w);
        }
    }

    /// <summary>Replaces word <paramref name="word"/>'s pieces in <paramref name="sequence"/> by <c>[MASK]</c>.</summary>
    public void Hide(int[] sequence, int word) =>
        sequence.AsSpan(_pieceStart[word], _pieceCount[word]).Fill(_maskId);

    /// <summary>Restores word <paramref name="word"/>'s pieces in <paramref name="sequence"/>.</summary>
    public void Show(int[] sequence, int word) =>
        _template.AsSpan(_pieceStart[word], _pieceCount[word]).CopyTo(sequence.AsSpan(_pieceStart[word]));

    /// <summary>Scores f(x) and f(∅) in one call.</summary>
    public SentenceScores ScoreEnds(IBatchScorer scorer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var batch = new SequenceBatch(2, SequenceLength);
        FillFull(batch.Add());
        FillEmpty(batch.Add());
        var result = scorer.Score(batch, cancellationToken);
        return new SentenceScores(result[0], result[1]);
    }

    /// <summary>Pairs each feature word with a value, for a result.</summary>
    public WordAttribution[] Attribute(ReadOnlySpan<double> values)
    {
        var result = new WordAttribution[Count];
        for (var w = 0; w < result.Length; w++)
        {
            var word = Words[w];
            result[w] = new WordAttribution(word.Text, word.Start, word.Length, values[w]);
        }
        return result;
    }
}

/// <summary>A word's contribution to the score.</summary>
/// <param name="Word">The word as written in the sentence.</param>
/// <param name="Start">Character offset of the word in the sentence.</param>
/// <param name="Length">Length of the word in characters.</param>
/// <param name="Value">Contribution: positive pushes towards "stereotype", negative away from it.</param>
public sealed record WordAttribution(string Word, int Start, int Length, double Value);
