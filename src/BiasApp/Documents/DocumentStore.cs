using System.IO.Compression;
using System.Text.Json;
using BiasApp.Core.Analysis;
using BiasApp.Data;
using Microsoft.EntityFrameworkCore;

namespace BiasApp.Documents;

/// <summary>
/// Keeps the analyses of documents uploaded through the API (table <c>Documents</c>, gzip-compressed JSON), so their reports
/// can be made later on any replica. Always within one owner's documents: another user's id is not found. Scoped.
/// </summary>
public sealed class DocumentStore(BiasDbContext db, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Stores <paramref name="analysis"/> (of a document) for <paramref name="ownerId"/>; returns its id.</summary>
    public async Task<Guid> SaveAsync(string ownerId, DocumentAnalysis analysis, CancellationToken cancellationToken = default)
    {
        var record = DocumentRecord.From(analysis);
        using var buffer = new MemoryStream();
        await using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            await JsonSerializer.SerializeAsync(gzip, record, Json, cancellationToken);
        }
        var stored = new StoredDocument
        {
            Id = Guid.CreateVersion7(),
            OwnerId = ownerId,
            Name = record.Document.Name.Length > 260 ? record.Document.Name[..260] : record.Document.Name,
            Format = record.Document.Format,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            Sentences = analysis.Summary.SentenceCount,
            Flagged = analysis.Summary.FlaggedCount,
            Result = buffer.ToArray(),
        };
        db.Documents.Add(stored);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return stored.Id;
    }

    /// <summary>The stored analysis <paramref name="id"/> of <paramref name="ownerId"/> with when it was made; null when there is none (never another user's).</summary>
    public async Task<(DocumentAnalysis Analysis, DateTime CreatedAt)?> FindAsync(string ownerId, Guid id, CancellationToken cancellationToken = default)
    {
        var stored = await db.Documents.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id && d.OwnerId == ownerId, cancellationToken);
        if (stored is null) return null;
        await using var gzip = new GZipStream(new MemoryStream(stored.Result), CompressionMode.Decompress);
        var record = await JsonSerializer.DeserializeAsync<DocumentRecord>(gzip, Json, cancellationToken)
            ?? throw new InvalidDataException($"Stored document {id} is empty.");
        var analysis = record.ToAnalysis();
        return (analysis with { Document = analysis.Document! with { Id = stored.Id } }, stored.CreatedAt);
    }

    /// <summary>Deletes documents stored before <paramref name="cutoffUtc"/>; returns how many. For <see cref="DocumentRetention"/>.</summary>
    public Task<int> TrimAsync(DateTime cutoffUtc, CancellationToken cancellationToken = default) =>
        db.Documents.Where(d => d.CreatedAt < cutoffUtc).ExecuteDeleteAsync(cancellationToken);
}
