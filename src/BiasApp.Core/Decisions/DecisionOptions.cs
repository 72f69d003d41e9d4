using System.ComponentModel.DataAnnotations;

namespace BiasApp.Core.Decisions;

/// <summary>How team decisions apply to near-duplicates (section <c>Decisions</c>).</summary>
public sealed class DecisionOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Decisions";

    /// <summary>
    /// Least cosine similarity of the model's sentence embeddings at which a decision applies to a sentence. Default 0.85,
    /// chosen on tests/BiasApp.Core.Tests/Decisions/paraphrases.csv (see docs/feedback.md).
    /// </summary>
    [Range(0.5, 1.0)]
    public double Similarity { get; set; } = DefaultSimilarity;

    /// <summary>The default of <see cref="Similarity"/>.</summary>
    public const double DefaultSimilarity = 0.85;

    /// <summary>How often, in milliseconds, a replica checks the database for decisions changed elsewhere. Default 2,000.</summary>
    [Range(100, 60_000)]
    public int PollMilliseconds { get; set; } = 2000;
}
