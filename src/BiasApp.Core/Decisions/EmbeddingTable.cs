using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace BiasApp.Core.Decisions;

/// <summary>
/// Sentence embeddings as int8 codes (<see cref="SentenceEmbedding"/>) in one contiguous array, with one scale per row. The
/// cosine of two embeddings is the integer dot product of their codes times their two scales; on the shipped model's
/// embeddings it is within 0.005 of the float32 cosine (<c>EmbeddingTableTests</c>). A 384-float embedding takes 388 bytes
/// instead of 1,536. Rows are written while a <see cref="DecisionMatcher"/> is built and only read after.
/// </summary>
internal sealed class EmbeddingTable
{
    private readonly sbyte[] _codes;
    private readonly float[] _scales;

    /// <summary>A table of <paramref name="count"/> rows of <paramref name="size"/> components, all zero.</summary>
    public EmbeddingTable(int count, int size)
    {
        _codes = new sbyte[count * size];
        _scales = new float[count];
        Size = size;
    }

    /// <summary>No rows.</summary>
    public static EmbeddingTable Empty { get; } = new(0, 0);

    /// <summary>Components per row.</summary>
    public int Size { get; }

    /// <summary>Rows held.</summary>
    public int Count => _scales.Length;

    /// <summary>Bytes the codes and scales take.</summary>
    public long Bytes => _codes.Length + 4L * _scales.Length;

    /// <summary>Stores <paramref name="embedding"/> (not yet normed) as row <paramref name="row"/>.</summary>
    public void Set(int row, ReadOnlySpan<float> embedding) =>
        _scales[row] = SentenceEmbedding.Quantise(embedding, _codes.AsSpan(row * Size, Size));

    /// <summary>Copies row <paramref name="fromRow"/> of <paramref name="from"/> (of the same <see cref="Size"/>) to row <paramref name="row"/>.</summary>
    public void Copy(int row, EmbeddingTable from, int fromRow)
    {
        from._codes.AsSpan(fromRow * Size, Size).CopyTo(_codes.AsSpan(row * Size, Size));
        _scales[row] = from._scales[fromRow];
    }

    /// <summary>
    /// The rows whose cosine similarity to <paramref name="embedding"/> is at least <paramref name="threshold"/>, with that
    /// similarity; only among the rows <paramref name="include"/> accepts, when given.
    /// </summary>
    public List<(int Row, float Similarity)> Above(SentenceEmbedding embedding, double threshold, Func<int, bool>? include = null)
    {
        var hits = new List<(int, float)>();
        var codes = embedding.Codes;
        if (codes.Length != Size || Count == 0) return hits;
        // Widened once here rather than for every row in the scan.
        Span<short> query = stackalloc short[Size];
        for (var i = 0; i < Size; i++) query[i] = codes[i];
        for (var row = 0; row < _scales.Length; row++)
        {
            if (include is not null && !include(row)) continue;
            var similarity = Dot(query, _codes.AsSpan(row * Size, Size)) * embedding.Scale * _scales[row];
            if (similarity >= threshold) hits.Add((row, similarity));
        }
        return hits;
    }

    /// <summary>The dot product of a widened query and one row of codes (the same length).</summary>
    internal static int Dot(ReadOnlySpan<short> query, ReadOnlySpan<sbyte> codes) =>
        Avx2.IsSupported ? DotAvx2(query, codes) : DotPortable(query, codes);

    // Sixteen codes a step: widened to 16 bits (vpmovsxbw), multiplied and summed in pairs into 32 bits (vpmaddwd).
    internal static int DotAvx2(ReadOnlySpan<short> query, ReadOnlySpan<sbyte> codes)
    {
        ref var q = ref MemoryMarshal.GetReference(query);
        ref var c = ref MemoryMarshal.GetReference(codes);
        var sum = Vector256<int>.Zero;
        var i = 0;
        for (; i <= codes.Length - 16; i += 16)
        {
            var wide = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref c, (nuint)i));
            sum = Avx2.Add(sum, Avx2.MultiplyAddAdjacent(wide, Vector256.LoadUnsafe(ref q, (nuint)i)));
        }
        var total = Vector256.Sum(sum);
        for (; i < codes.Length; i++) total += query[i] * codes[i];
        return total;
    }

    internal static int DotPortable(ReadOnlySpan<short> query, ReadOnlySpan<sbyte> codes)
    {
        var sum = Vector<int>.Zero;
        var i = 0;
        for (; i <= codes.Length - Vector<sbyte>.Count; i += Vector<sbyte>.Count)
        {
            Vector.Widen(new Vector<sbyte>(codes[i..]), out var low, out var high);
            // Codes lie in [-127, 127]: a product is at most 16,129 in size, so the sum of two still fits a short.
            var pairs = low * new Vector<short>(query[i..]) + high * new Vector<short>(query[(i + Vector<short>.Count)..]);
            Vector.Widen(pairs, out var a, out var b);
            sum += a + b;
        }
        var total = Vector.Sum(sum);
        for (; i < codes.Length; i++) total += query[i] * codes[i];
        return total;
    }
}
