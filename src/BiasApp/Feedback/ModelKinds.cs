using BiasApp.Core.Analysis;
using BiasApp.Data;

namespace BiasApp.Feedback;

/// <summary>The model's kind for a scored sentence, as feedback stores it beside the correction.</summary>
public static class ModelKinds
{
    /// <summary>
    /// The model has no kind output yet, only its binary label: <see cref="SentenceKinds.Stereotype"/> when flagged, else
    /// <see cref="SentenceKinds.None"/>. The one place to read the model's own kind once it has one.
    /// </summary>
    public static string Of(AnalyzedSentence sentence) => sentence.IsStereotype ? SentenceKinds.Stereotype : SentenceKinds.None;
}
