using System.Numerics;
using BiasApp.Core.Classification;

namespace BiasApp.Core.Decisions;

/// <summary>
/// The team decisions with their sentence embeddings, for finding the decision that applies to a sentence. A sentence whose
/// normalised text (<see cref="SentenceNormaliser"/>, case-folded) is a decided one's takes that decision with similarity 1,
/// without the model; otherwise the decided sentence with the highest cosine similarity of the model's embeddings applies
/// when that similarity is at least <see cref="Threshold"/> and the two differ only in numbers, names and places
/// (<see cref="NearDuplicates"/>). Immutable, so safe to share across threads; a change of
/// decisions builds a new one.
/// </summary>
public sealed class DecisionMatcher
{
    private readonly TeamDecision[] _decisions;
    private readonly Dictionary<string, int> _exact;
    // Row-major, one L2-normed embedding per decision; empty when there is no model to embed with.
    private readonly float[] _embeddings;
    private readonly int _size;
    private readonly string[][] _words;
    private readonly NearDuplicates _details;

    private DecisionMatcher(TeamDecision[] decisions, float[] embeddings, int size, double threshold, NearDuplicates details)
    {
        _decisions = decisions;
        _details = details;
        _words = decisions.Select(d => NearDuplicates.Words(d.Text)).ToArray();
        _embeddings = embeddings;
        _size = size;
        Threshold = threshold;
        _exact = new Dictionary<string, int>(StringComparer.Ordinal);
        // A later decision on the same text wins: decisions come oldest first.
        for (var i = 0; i < decisions.Length; i++) _exact[Key(decisions[i].Text)] = i;
    }

    /// <summary>No decisions.</summary>
    public static DecisionMatcher Empty { get; } = new([], [], 0, DecisionOptions.DefaultSimilarity, new NearDuplicates(new HashSet<string>()));

    /// <summary>
    /// Holds <paramref name="decisions"/> (oldest first), embedded with <paramref name="classifier"/>; with no classifier,
    /// or one without an embedding, only exact (normalised) matches apply. <paramref name="details"/> says which words a
    /// near-duplicate may change (default: the embedded lexicon's group words are not among them). Sentences that
    /// <paramref name="previous"/> already holds (the same text) keep their embedding, so a reload after one change runs the
    /// model only on the new decisions.
    /// </summary>
    public static DecisionMatcher Build(IReadOnlyList<TeamDecision> decisions, IStereotypeClassifier? classifier, double threshold,
        NearDuplicates? details = null, CancellationToken cancellationToken = default, DecisionMatcher? previous = null)
    {
        details ??= DefaultDetails.Value;
        var array = decisions.ToArray();
        if (array.Length == 0 || classifier is not { HasEmbedding: true })
            return new DecisionMatcher(array, [], 0, threshold, details);
        var known = new Dictionary<string, int>(StringComparer.Ordinal);
        if (previous is { _size: > 0 })
            for (var i = 0; i < previous._decisions.Length; i++) known.TryAdd(previous._decisions[i].Text, i);
        var missing = Enumerable.Range(0, array.Length).Where(i => !known.ContainsKey(array[i].Text)).ToArray();
        var vectors = missing.Length > 0 ? classifier.Embed(missing.Select(i => array[i].Text).ToArray(), cancellationToken) : [];
        var size = vectors.Length > 0 ? vectors[0].Length : previous!._size;
        var flat = new float[array.Length * size];
        for (var j = 0; j < missing.Length; j++) Normalise(vectors[j]).CopyTo(flat.AsSpan(missing[j] * size, size));
        for (var i = 0; i < array.Length; i++)
            if (known.TryGetValue(array[i].Text, out var p))
                previous!._embeddings.AsSpan(p * size, size).CopyTo(flat.AsSpan(i * size, size));
        return new DecisionMatcher(array, flat, size, threshold, details);
    }

    private static readonly Lazy<NearDuplicates> DefaultDetails = new(() => NearDuplicates.From(Rules.Lexicon.LoadEmbedded()));

    /// <summary>Decisions held.</summary>
    public int Count => _decisions.Length;

    /// <summary>True when near-duplicates (not only the same normalised text) can be matched.</summary>
    public bool MatchesNearDuplicates => _size > 0;

    /// <summary>Least cosine similarity at which a decision applies.</summary>
    public double Threshold { get; }

    /// <summary>The decision on <paramref name="text"/>'s normalised text, or null.</summary>
    public DecisionMatch? MatchExact(string text) =>
        _exact.TryGetValue(Key(text), out var i) ? new DecisionMatch(_decisions[i], 1f) : null;

    /// <summary>
    /// The decision closest to <paramref name="text"/>, whose model embedding (not yet normed) is <paramref name="embedding"/>,
    /// among those at or above <see cref="Threshold"/> that differ from it only in details; null when there is none.
    /// </summary>
    public DecisionMatch? MatchEmbedding(string text, float[] embedding)
    {
        if (_size == 0 || embedding.Length != _size) return null;
        var query = Normalise((float[])embedding.Clone());
        string[]? words = null;
        var best = -1;
        var bestScore = float.MinValue;
        for (var i = 0; i < _decisions.Length; i++)
        {
            var score = Dot(query, _embeddings.AsSpan(i * _size, _size));
            if (score < Threshold || score <= bestScore) continue;
            words ??= NearDuplicates.Words(text);
            if (!_details.DifferOnlyInDetails(words, _words[i])) continue;
            bestScore = score;
            best = i;
        }
        return best >= 0 ? new DecisionMatch(_decisions[best], Math.Min(1f, bestScore)) : null;
    }

    /// <summary>
    /// The decision for each of <paramref name="texts"/> (null where none applies): exact matches first; the rest embedded
    /// in one call to <paramref name="classifier"/> when near-duplicates can be matched.
    /// </summary>
    public DecisionMatch?[] Match(IReadOnlyList<string> texts, IStereotypeClassifier? classifier, CancellationToken cancellationToken = default)
    {
        var matches = new DecisionMatch?[texts.Count];
        if (Count == 0) return matches;
        var rest = new List<int>();
        for (var i = 0; i < texts.Count; i++)
        {
            matches[i] = MatchExact(texts[i]);
            if (matches[i] is null) rest.Add(i);
        }
        if (rest.Count == 0 || !MatchesNearDuplicates || classifier is not { HasEmbedding: true }) return matches;
        var vectors = classifier.Embed(rest.Select(i => texts[i]).ToArray(), cancellationToken);
        for (var j = 0; j < rest.Count; j++) matches[rest[j]] = MatchEmbedding(texts[rest[j]], vectors[j]);
        return matches;
    }

    /// <summary>Cosine similarity of two embeddings.</summary>
    public static float Cosine(float[] a, float[] b) =>
        Dot(Normalise((float[])a.Clone()), Normalise((float[])b.Clone()));

    private static string Key(string text) => SentenceNormaliser.Normalise(text).ToLowerInvariant();

    private static float[] Normalise(float[] v)
    {
        var norm = MathF.Sqrt(Dot(v, v));
        if (norm > 0) for (var i = 0; i < v.Length; i++) v[i] /= norm;
        return v;
    }

    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = Vector<float>.Zero;
        var i = 0;
        for (; i <= a.Length - Vector<float>.Count; i += Vector<float>.Count)
            sum += new Vector<float>(a.Slice(i)) * new Vector<float>(b.Slice(i));
        var total = Vector.Sum(sum);
        for (; i < a.Length; i++) total += a[i] * b[i];
        return total;
    }
}
