namespace BiasApp.Core.Documents;

/// <summary>A document that cannot be analysed; <see cref="Exception.Message"/> says why, in words for the user.</summary>
public sealed class DocumentExtractionException(DocumentProblem problem, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>What kind of problem it is.</summary>
    public DocumentProblem Problem { get; } = problem;
}
