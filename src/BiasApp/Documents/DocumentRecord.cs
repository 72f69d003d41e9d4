using BiasApp.Core.Analysis;
using BiasApp.Core.Classification;
using BiasApp.Core.Documents;
using BiasApp.Core.Explanations;

namespace BiasApp.Documents;

/// <summary>
/// How a document's analysis is stored (<see cref="DocumentStore"/>): the sentences with what a report shows of them
/// (verdict, location, explanation), apart from the API's wire shape so either can change alone. Rule hits and team
/// decisions are not kept.
/// </summary>
internal sealed record DocumentRecord(DocumentInfo Document, ModelInfo Model, AnalysisMode Mode, ExplanationMode Explain, double Threshold,
    double ElapsedMs, DocumentRecord.Sentence[] Sentences)
{
    public sealed record Sentence(int Start, int Length, string Text, string Label, float Probability, string Kind, bool Review,
        string? Axis, float? AxisProbability, string? KindCue, SentenceLocation? Location, Explanation? Explanation);

    public sealed record Explanation(ExplanationMode Mode, double Probability, double? BaseProbability, Shap? Shap, Lime? Lime,
        ExplanationAgreement? Agreement, bool Truncated, int Evaluations);

    public sealed record Shap(Word[] Words, double FullScore, double BaseScore, bool Exact, int Permutations, int Evaluations);

    public sealed record Lime(Word[] Words, double Intercept, double RSquared, int Evaluations);

    public sealed record Word(string Text, int Start, int Length, double Value, double? Error);

    public static DocumentRecord From(DocumentAnalysis analysis) => new(
        analysis.Document ?? throw new ArgumentException("Only a document's analysis is stored.", nameof(analysis)),
        analysis.Model, analysis.Mode, analysis.Explain, analysis.Summary.Threshold, analysis.Summary.ElapsedMs,
        [.. analysis.Sentences.Select(s => new Sentence(s.Start, s.Length, s.Text, s.Label, s.Probability, s.Kind, s.Review, s.Axis, s.AxisProbability,
            s.KindCue, s.Location, s.Explanation is { } e ? new Explanation(e.Mode, e.Probability, e.BaseProbability,
                e.Shap is { } shap ? new Shap(Words(shap.Words), shap.FullScore, shap.BaseScore, shap.Exact, shap.Permutations, shap.Evaluations) : null,
                e.Lime is { } lime ? new Lime(Words(lime.Words), lime.Intercept, lime.RSquared, lime.Evaluations) : null,
                e.Agreement, e.Truncated, e.Evaluations) : null))]);

    /// <summary>The analysis again, its summary counted from the sentences as the analyser counts it.</summary>
    public DocumentAnalysis ToAnalysis()
    {
        var sentences = Sentences.Select(s => new AnalyzedSentence(s.Start, s.Length, s.Text, s.Label, s.Probability, s.Axis, s.AxisProbability)
        {
            Kind = s.Kind,
            ModelKind = s.Label == Labels.TooShort ? null : s.Kind,
            Review = s.Review,
            KindCue = s.KindCue,
            Location = s.Location,
            Explanation = s.Explanation is { } e ? new SentenceExplanation(s.Text, e.Mode, e.Probability, e.BaseProbability,
                e.Shap is { } shap ? new ShapExplanation(Attributions(shap.Words), shap.FullScore, shap.BaseScore, shap.Exact, shap.Permutations, shap.Evaluations) : null,
                e.Lime is { } lime ? new LimeExplanation(Attributions(lime.Words), lime.Intercept, lime.RSquared, lime.Evaluations) : null,
                e.Agreement, e.Truncated, e.Evaluations) : null,
        }).ToList();
        var summary = new AnalysisSummary(sentences.Count, sentences.Count(s => s.Flagged), sentences.Count == 0 ? 0 : sentences.Max(s => s.Probability), Threshold, ElapsedMs)
        {
            Kinds = KindCounts.Of(sentences.Select(s => s.Kind)),
        };
        return new DocumentAnalysis(sentences, summary, Model, Mode, Explain) { Document = Document };
    }

    private static Word[] Words(IReadOnlyList<WordAttribution> words) => [.. words.Select(w => new Word(w.Word, w.Start, w.Length, w.Value, w.Error))];

    private static WordAttribution[] Attributions(Word[] words) => [.. words.Select(w => new WordAttribution(w.Text, w.Start, w.Length, w.Value) { Error = w.Error })];
}
