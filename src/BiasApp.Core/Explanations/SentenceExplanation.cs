using System.Text.Json.Serialization;

namespace BiasApp.Core.Explanations;

/// <summary>
/// Everything explained about one sentence. This is also what <c>POST /api/v1/analyze</c> returns per sentence as
/// <c>explanation</c>: <see cref="Mode"/> is written as <c>method</c>, <see cref="Shap"/> as the plain list of word values.
/// </summary>
/// <param name="Sentence">The text as given.</param>
/// <param name="Mode">The methods that ran (the request as allowed by <see cref="ExplanationOptions"/>).</param>
/// <param name="Probability">f(x): P(stereotype) of the sentence.</param>
/// <param name="BaseProbability">f(∅): P(stereotype) with every explained word removed (the baseline); null when nothing was explained.</param>
/// <param name="Shap">SHAP values, when run.</param>
/// <param name="Lime">LIME weights, when run.</param>
/// <param name="Agreement">Agreement of SHAP and LIME, when both ran.</param>
/// <param name="Truncated">True when some words got no value (past <c>MaxWords</c> or the model's token limit).</param>
/// <param name="Evaluations">Sequences scored by the model for this sentence.</param>
public sealed record SentenceExplanation(
    [property: JsonIgnore] string Sentence,
    [property: JsonPropertyName("method")] ExplanationMode Mode,
    double Probability,
    double? BaseProbability,
    [property: JsonIgnore] ShapExplanation? Shap,
    LimeExplanation? Lime,
    ExplanationAgreement? Agreement,
    bool Truncated,
    int Evaluations)
{
    /// <summary>The SHAP values alone (<c>shap</c> on the wire); null when SHAP did not run.</summary>
    [JsonPropertyName("shap")]
    public IReadOnlyList<WordAttribution>? ShapWords => Shap?.Words;

    /// <summary>
    /// The same explanation with every word offset moved by <paramref name="offset"/>: sentence offsets become
    /// offsets into the document the sentence starts at <paramref name="offset"/> in.
    /// </summary>
    public SentenceExplanation ShiftedBy(int offset) => offset == 0 ? this : this with
    {
        Shap = Shap is null ? null : Shap with { Words = Shift(Shap.Words, offset) },
        Lime = Lime is null ? null : Lime with { Words = Shift(Lime.Words, offset) },
    };

    /// <summary>
    /// The same explanation put onto <paramref name="sentence"/>: every word's span goes through <paramref name="toSentence"/>
    /// (start, length in the explained text → start, length in <paramref name="sentence"/>) and takes its text from there.
    /// </summary>
    public SentenceExplanation MappedTo(string sentence, Func<int, int, (int Start, int Length)> toSentence)
    {
        WordAttribution[] Map(IReadOnlyList<WordAttribution> words) => words.Select(w =>
        {
            var (start, length) = toSentence(w.Start, w.Length);
            return w with { Word = sentence.Substring(start, length), Start = start, Length = length };
        }).ToArray();
        return this with
        {
            Sentence = sentence,
            Shap = Shap is null ? null : Shap with { Words = Map(Shap.Words) },
            Lime = Lime is null ? null : Lime with { Words = Map(Lime.Words) },
        };
    }

    private static WordAttribution[] Shift(IReadOnlyList<WordAttribution> words, int offset) =>
        words.Select(w => w with { Start = w.Start + offset }).ToArray();
}
