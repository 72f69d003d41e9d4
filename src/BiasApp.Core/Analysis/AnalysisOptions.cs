using System.ComponentModel.DataAnnotations;
using BiasApp.Core.Segmentation;

namespace BiasApp.Core.Analysis;

/// <summary>Configuration section <c>Analysis</c>.</summary>
public sealed class AnalysisOptions
{
    public const string Section = "Analysis";

    /// <summary>Longest text accepted, in characters. Default 20,000.</summary>
    [Range(1, 1_000_000)] public int MaxTextLength { get; set; } = 20_000;

    /// <summary>Longest sentence before it is cut at whitespace, in characters. Default 1,000.</summary>
    [Range(20, 100_000)] public int MaxSentenceLength { get; set; } = SentenceSegmenter.DefaultMaxSentenceLength;

    /// <summary>Probability at or above which a sentence is labelled a stereotype. Default 0.5.</summary>
    [Range(0.0, 1.0)] public double Threshold { get; set; } = 0.5;
}
