using BiasApp.Core.Analysis;
using BiasApp.Data;

namespace BiasApp.Feedback;

/// <summary>The model's kind for a scored sentence, as feedback stores it beside the correction.</summary>
public static class ModelKinds
{
    /// <summary>
    /// The model has no kind output yet, only its binary label: <see cref="SentenceKinds.Stereotype"/> when flagged
    /// (<see cref="Labels.Stereotype"/>), else <see cref="SentenceKinds.None"/>. The one place to read the model's own kind
    /// once it has one.
    /// </summary>
    public static string Of(string label) => label == Labels.Stereotype ? SentenceKinds.Stereotype : SentenceKinds.None;

    /// <summary>As <see cref="Of(string)"/>, for a sentence's <see cref="AnalyzedSentence.Label"/>.</summary>
    public static string Of(AnalyzedSentence sentence) => Of(sentence.Label);
}
