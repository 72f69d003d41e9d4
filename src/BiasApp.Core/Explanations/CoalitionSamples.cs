namespace BiasApp.Core.Explanations;

/// <summary>
/// Coalitions SHAP has scored (which words were visible, and the score), kept so that LIME can be fitted on them
/// without scoring again. Permutation prefixes are uniformly random word subsets whose size runs through 1…n−1,
/// which is LIME's own sampling distribution (size uniform, then a uniform subset), stratified by size.
/// </summary>
public sealed class CoalitionSamples
{
    private readonly bool[] _masks;
    private readonly double[] _scores;

    /// <summary>Room for <paramref name="capacity"/> coalitions of <paramref name="words"/> words.</summary>
    public CoalitionSamples(int words, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(words);
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Words = words;
        _masks = new bool[words * capacity];
        _scores = new double[capacity];
    }

    /// <summary>Words per coalition.</summary>
    public int Words { get; }

    /// <summary>Coalitions recorded.</summary>
    public int Count { get; private set; }

    /// <summary>Row-major visibility flags of the recorded coalitions.</summary>
    public ReadOnlySpan<bool> Masks => _masks.AsSpan(0, Count * Words);

    /// <summary>Scores of the recorded coalitions.</summary>
    public ReadOnlySpan<double> Scores => _scores.AsSpan(0, Count);

    /// <summary>Records a coalition; ignored once full.</summary>
    public void Add(ReadOnlySpan<bool> visible, double score)
    {
        if (visible.Length != Words) throw new ArgumentException($"Expected {Words} flags.", nameof(visible));
        if (Count == _scores.Length) return;
        visible.CopyTo(_masks.AsSpan(Count * Words));
        _scores[Count++] = score;
    }

    /// <summary>Forgets every coalition, keeping the storage.</summary>
    public void Clear() => Count = 0;
}
