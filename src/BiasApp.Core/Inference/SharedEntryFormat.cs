using System.Text.Json;
using System.Text.Json.Serialization;
using BiasApp.Core.Classification;
using BiasApp.Core.Decisions;
using BiasApp.Core.Explanations;

namespace BiasApp.Core.Inference;

/// <summary>
/// How a <see cref="CachedSentence"/> is stored in the shared level of the <see cref="ResultCache"/>: UTF-8 JSON with
/// one- and two-letter names and nulls left out, written by a source-generated serializer. Its own records rather than the
/// API's: those leave out what the wire does not need (the sentence, the SHAP run's details, LIME's evaluation count),
/// and a cached result must come back whole. A change of shape changes <see cref="Version"/>, which is part of the key;
/// an added field that may be absent does not (a reader without it skips it, a reader with it finds it missing in older
/// entries), as with <c>em</c> and <c>es</c>, the sentence embedding's int8 codes (base64) and scale.
/// </summary>
public static class SharedEntryFormat
{
    /// <summary>The format's version, the first part of every shared key.</summary>
    public const string Version = "r2";

    /// <summary>The bytes stored for <paramref name="value"/>.</summary>
    public static byte[] Write(CachedSentence value) => JsonSerializer.SerializeToUtf8Bytes(ToEntry(value), SharedEntryJson.Default.Entry);

    /// <summary>The result stored as <paramref name="bytes"/>.</summary>
    /// <exception cref="JsonException">The bytes are not an entry of this format.</exception>
    public static CachedSentence Read(ReadOnlySpan<byte> bytes) =>
        FromEntry(JsonSerializer.Deserialize(bytes, SharedEntryJson.Default.Entry) ?? throw new JsonException("Empty shared cache entry."));

    private static Entry ToEntry(CachedSentence value) => new(
        value.Prediction.Probability, value.Prediction.Axis, value.Prediction.AxisProbability, value.Prediction.Kind,
        value.Explanation is not { } e ? null : new Explanation(
            e.Sentence, (int)e.Mode, e.Probability, e.BaseProbability,
            e.Shap is not { } shap ? null : new Shap(Words(shap.Words), shap.FullScore, shap.BaseScore, shap.Exact, shap.Permutations, shap.Evaluations),
            e.Lime is not { } lime ? null : new Lime(Words(lime.Words), lime.Intercept, lime.RSquared, lime.Evaluations),
            e.Agreement is not { } a ? null : new Agreement(a.Cosine, a.Pearson, a.JensenShannon, a.Confidence),
            e.Truncated, e.Evaluations),
        value.Embedding is { } m ? System.Runtime.InteropServices.MemoryMarshal.AsBytes(m.Codes).ToArray() : null,
        value.Embedding?.Scale);

    private static CachedSentence FromEntry(Entry entry) => new(
        new Prediction(entry.P, entry.A, entry.Ap, entry.K),
        entry.E is not { } e ? null : new SentenceExplanation(
            e.S, (ExplanationMode)e.M, e.P, e.B,
            e.Shap is not { } shap ? null : new ShapExplanation(Attributions(shap.W), shap.F, shap.B, shap.X, shap.N, shap.E),
            e.Lime is not { } lime ? null : new LimeExplanation(Attributions(lime.W), lime.I, lime.R, lime.E),
            e.Ag is not { } a ? null : new ExplanationAgreement(a.C, a.P, a.J, a.K),
            e.T, e.N))
    {
        Embedding = entry is { Em: { } codes, Es: { } scale }
            ? SentenceEmbedding.FromCodes(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, sbyte>(codes), scale)
            : null,
    };

    private static Word[] Words(IReadOnlyList<WordAttribution> words) =>
        words.Select(w => new Word(w.Word, w.Start, w.Length, w.Value, w.Error)).ToArray();

    private static WordAttribution[] Attributions(Word[] words) =>
        words.Select(w => new WordAttribution(w.W, w.S, w.L, w.V) { Error = w.E }).ToArray();

    internal sealed record Entry(float P, string? A, float Ap, string? K, Explanation? E, byte[]? Em = null, float? Es = null);

    internal sealed record Explanation(string S, int M, double P, double? B, Shap? Shap, Lime? Lime, Agreement? Ag, bool T, int N);

    internal sealed record Shap(Word[] W, double F, double B, bool X, int N, int E);

    internal sealed record Lime(Word[] W, double I, double R, int E);

    internal sealed record Agreement(double C, double P, double J, double K);

    internal sealed record Word(string W, int S, int L, double V, double? E);
}

// Named literals: a score or agreement that came out NaN is stored as it was rather than failing the write.
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(SharedEntryFormat.Entry))]
internal sealed partial class SharedEntryJson : JsonSerializerContext;
