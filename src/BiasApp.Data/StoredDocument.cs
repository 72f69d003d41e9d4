namespace BiasApp.Data;

/// <summary>
/// The analysis of a document uploaded through <c>POST /api/v1/documents</c>, kept so its report can be made later on any
/// replica (<c>GET /api/v1/documents/{id}/report</c>). Owned by one user; deleted after the retention period.
/// </summary>
public sealed class StoredDocument
{
    public Guid Id { get; set; }

    /// <summary>The owner's user id (NameIdentifier claim).</summary>
    public required string OwnerId { get; set; }

    /// <summary>The file name as uploaded.</summary>
    public required string Name { get; set; }

    /// <summary>docx, pdf, txt, md or html.</summary>
    public required string Format { get; set; }

    /// <summary>UTC.</summary>
    public DateTime CreatedAt { get; set; }

    public int Sentences { get; set; }
    public int Flagged { get; set; }

    /// <summary>The analysis (sentences with their locations, explanations, summary, model) as gzip-compressed JSON.</summary>
    public required byte[] Result { get; set; }
}
