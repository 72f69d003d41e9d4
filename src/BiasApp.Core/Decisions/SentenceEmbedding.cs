namespace BiasApp.Core.Decisions;

/// <summary>
/// A sentence embedding as the decision matcher compares it: L2-normed, scaled so its largest component is ±127 and rounded
/// to int8 codes, with the scale (largest normed component / 127) that turns the dot product of two code vectors back into
/// their cosine. A 384-float embedding is 384 bytes and one float. Immutable.
/// </summary>
public sealed class SentenceEmbedding
{
    /// <summary>The largest code in size; a product of two fits 16 bits with room for the sum of two (see <see cref="EmbeddingTable"/>).</summary>
    internal const int MaxCode = 127;

    private readonly sbyte[] _codes;

    private SentenceEmbedding(sbyte[] codes, float scale)
    {
        _codes = codes;
        Scale = scale;
    }

    /// <summary>The int8 codes, one per component.</summary>
    public ReadOnlySpan<sbyte> Codes => _codes;

    /// <summary>What one code is worth in the normed vector; 0 for a zero vector, which is similar to nothing.</summary>
    public float Scale { get; }

    /// <summary>The codes of <paramref name="embedding"/> (the model's output, not yet normed).</summary>
    public static SentenceEmbedding From(ReadOnlySpan<float> embedding)
    {
        var codes = new sbyte[embedding.Length];
        var scale = Quantise(embedding, codes);
        return new SentenceEmbedding(codes, scale);
    }

    /// <summary>Codes and scale as stored (<see cref="Inference.SharedEntryFormat"/>); a code beyond ±<see cref="MaxCode"/> is clamped.</summary>
    public static SentenceEmbedding FromCodes(ReadOnlySpan<sbyte> codes, float scale)
    {
        var kept = new sbyte[codes.Length];
        for (var i = 0; i < codes.Length; i++) kept[i] = Math.Max(codes[i], (sbyte)-MaxCode);
        return new SentenceEmbedding(kept, float.IsFinite(scale) ? scale : 0f);
    }

    /// <summary>Writes the codes of <paramref name="embedding"/> into <paramref name="codes"/> and returns their scale.</summary>
    internal static float Quantise(ReadOnlySpan<float> embedding, Span<sbyte> codes)
    {
        double squares = 0;
        var largest = 0f;
        foreach (var x in embedding)
        {
            squares += x * x;
            largest = Math.Max(largest, Math.Abs(x));
        }
        var norm = (float)Math.Sqrt(squares);
        if (largest == 0 || !float.IsFinite(norm))
        {
            codes.Clear();
            return 0;
        }
        var toCode = MaxCode / largest;
        for (var i = 0; i < codes.Length; i++) codes[i] = (sbyte)Math.Clamp(MathF.Round(embedding[i] * toCode), -MaxCode, MaxCode);
        return largest / norm / MaxCode;
    }
}
