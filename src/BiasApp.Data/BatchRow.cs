namespace BiasApp.Data;

/// <summary>One input row of a batch and, once scored, its result.</summary>
public sealed class BatchRow
{
    public Guid BatchId { get; set; }

    /// <summary>Zero-based position among the batch's scored rows (contiguous; the worker reads chunks by it).</summary>
    public int Index { get; set; }

    /// <summary>
    /// The row's number in the uploaded file as a spreadsheet or editor numbers it (CSV: the header is row 1; text and
    /// JSON lines: the line number). Null for rows stored before it was kept.
    /// </summary>
    public int? SourceRow { get; set; }

    /// <summary>Pass-through column values as a JSON object {column: value}; null when none were chosen.</summary>
    public string? PassThrough { get; set; }

    public required string Text { get; set; }
    public string? Group { get; set; }

    /// <summary>The row's value in the batch's <see cref="BatchJob.CompareColumn"/>; null when the batch has none.</summary>
    public string? CompareValue { get; set; }

    /// <summary>Highest sentence P(stereotype); null until scored.</summary>
    public float? MaxProbability { get; set; }

    /// <summary>Null until scored.</summary>
    public bool? Flagged { get; set; }

    /// <summary>Per-sentence scores as a JSON array of {text, probability}; null until scored.</summary>
    public string? Sentences { get; set; }
}
