using System.Security.Claims;
using BiasApp.Batches;
using BiasApp.Core.Reports;
using BiasApp.Data;
using BiasApp.Documents;
using BiasApp.Usage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BiasApp.Reports;

/// <summary>
/// <c>GET /api/v1/batches/{id}/report</c> and <c>GET /api/v1/documents/{id}/report</c>: the report of a finished batch or of
/// a document uploaded through the API, as a self-contained HTML file or a PDF (<c>format=html|pdf</c>, default html), sent
/// as an attachment. Only the owner's batches and documents are found: another user's id is a 404. Rate limited like the
/// analyses, since a report may compute heatmaps.
/// </summary>
public static class ReportEndpoints
{
    public static IEndpointRouteBuilder MapReportEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Reports").RequireAuthorization().WithMetadata(new UsageMeteredMetadata());
        api.MapGet("/batches/{id:guid}/report", BatchReportAsync)
            .WithName("GetBatchReport")
            .WithSummary("The report of a finished batch: format=html (default; one self-contained file) or pdf.")
            .Produces(StatusCodes.Status200OK, contentType: "text/html", additionalContentTypes: ["application/pdf"])
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapGet("/documents/{id:guid}/report", DocumentReportAsync)
            .WithName("GetDocumentReport")
            .WithSummary("The report of a document analysed by POST /api/v1/documents (its document.id): format=html (default) or pdf.")
            .Produces(StatusCodes.Status200OK, contentType: "text/html", additionalContentTypes: ["application/pdf"])
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return app;
    }

    internal static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> BatchReportAsync(
        Guid id, string? format, HttpContext context, BatchService batches, ReportService reports, CancellationToken cancellationToken)
    {
        if (!ReportFormats.TryParse(format, out var chosen)) return BadFormat(format);
        var owner = BatchOwner.From(context.User);
        if (await batches.FindAsync(owner, id, cancellationToken) is not { } job)
            return TypedResults.Problem($"No batch {id} for this user.", statusCode: StatusCodes.Status404NotFound, title: "Batch not found");
        if (job.IsActive)
            return TypedResults.Problem($"Batch {id} is {job.Status.ToString().ToLowerInvariant()}; its report can be made once it has finished.",
                statusCode: StatusCodes.Status409Conflict, title: "Batch not finished");
        var report = await reports.ForBatchAsync(owner, UsageChannels.Api, job, batches.StreamResultsAsync(id, cancellationToken), cancellationToken);
        return File(reports.Write(report, chosen, "batch"));
    }

    internal static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> DocumentReportAsync(
        Guid id, string? format, HttpContext context, DocumentStore documents, ReportService reports, CancellationToken cancellationToken)
    {
        if (!ReportFormats.TryParse(format, out var chosen)) return BadFormat(format);
        var owner = context.User.FindFirstValue(ClaimTypes.NameIdentifier)
            ?? throw new InvalidOperationException("The endpoint requires authorization, so the caller has an id.");
        if (await documents.FindAsync(owner, id, cancellationToken) is not { } stored)
            return TypedResults.Problem($"No document {id} for this user.", statusCode: StatusCodes.Status404NotFound, title: "Document not found");
        var report = await reports.ForAnalysisAsync(owner, UsageChannels.Api, stored.Analysis, new DateTimeOffset(stored.CreatedAt, TimeSpan.Zero), cancellationToken);
        return File(reports.Write(report, chosen, "document"));
    }

    private static FileContentHttpResult File(ReportFile file) => TypedResults.File(file.Content, file.ContentType, file.FileName);

    private static ValidationProblem BadFormat(string? format) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["format"] = [$"Unknown format '{format}'; use html or pdf."] });
}
