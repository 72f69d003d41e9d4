using System.Security.Claims;
using BiasApp.Core.Analysis;
using BiasApp.Core.Documents;
using BiasApp.Core.Explanations;
using BiasApp.Core.Inference;
using BiasApp.Data;
using BiasApp.Usage;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace BiasApp.Documents;

/// <summary>
/// <c>POST /api/v1/documents</c>: a document uploaded as multipart (<c>file</c>, optional <c>explain</c>), extracted and
/// analysed like a pasted text, each sentence with its location. Metered as one analysis on the API channel, like
/// <c>/api/v1/analyze</c>: rate limited by the middleware, admitted under the daily quotas once its text is read, recorded
/// with its sentences. A document that cannot be read is answered 413, 415 or 422 and neither counted nor stored; an analysed
/// one is stored (<see cref="DocumentStore"/>) and its id returned as <c>document.id</c>, for its report.
/// </summary>
public static class DocumentEndpoints
{
    // Multipart overhead (boundaries, part headers, the explain field) is small; the body may be this much over the file limit.
    private const long MultipartOverhead = 64 * 1024;

    public static IEndpointRouteBuilder MapDocumentEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Documents").RequireAuthorization();
        api.MapPost("/documents", AnalyzeAsync)
            .WithMetadata(new UsageMeteredMetadata())
            .WithName("AnalyzeDocument")
            .WithSummary("Extracts the text of a .docx, .pdf, .txt, .md or .html file and scores each sentence, with its page, paragraph and heading.")
            .AddOpenApiOperationTransformer(DocumentOpenApi.DescribeUploadAsync)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    internal static async Task<Results<Ok<DocumentAnalysis>, ValidationProblem, ProblemHttpResult>> AnalyzeAsync(
        HttpRequest request, DocumentExtractor extractor, DocumentAnalyzer analyzer, UsageAdmission admission, DocumentStore store, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var limits = extractor.Options;
        if (!request.HasFormContentType)
        {
            return TypedResults.Problem(
                $"Send the document as multipart/form-data with a 'file' part; this request's Content-Type is {(string.IsNullOrEmpty(request.ContentType) ? "missing" : $"'{request.ContentType}'")}.",
                statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type");
        }
        var bodyLimit = limits.MaxUploadBytes + MultipartOverhead;
        if (request.ContentLength > bodyLimit) return TooLarge(limits);
        // So a chunked body without Content-Length is cut off by the server at the same limit.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = bodyLimit;

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = limits.MaxUploadBytes }, cancellationToken);
        }
        // A body over the limit, or a truncated multipart body (no closing boundary): the client's fault, not a 500.
        catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException or IOException)
        {
            return ex is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } || ex.Message.Contains("limit", StringComparison.OrdinalIgnoreCase)
                ? TooLarge(limits) : Invalid("file", "The multipart body could not be read.");
        }
        if (form.Files.GetFile("file") is not { } file) return Invalid("file", "Send the document as a 'file' part of a multipart/form-data body.");
        if (!ExplanationModes.TryParse(form["explain"].ToString() is { Length: > 0 } e ? e : "none", out var explain))
            return Invalid("explain", $"Unknown explain value '{form["explain"]}'; use one of: {string.Join(", ", ExplanationModes.Names)}.");
        if (analyzer.UnavailableReason(explain) is { } unavailable) return Invalid("explain", unavailable);
        if (file.Length > limits.MaxUploadBytes) return TooLarge(limits);

        ExtractedDocument document;
        try
        {
            var bytes = new byte[file.Length];
            await using (var stream = file.OpenReadStream()) await stream.ReadExactlyAsync(bytes, cancellationToken);
            document = extractor.Extract(bytes, file.FileName, file.ContentType, cancellationToken);
        }
        catch (DocumentExtractionException ex)
        {
            return Unreadable(ex);
        }

        var userId = request.HttpContext.User.FindFirstValue(ClaimTypes.NameIdentifier)
            ?? throw new InvalidOperationException("The endpoint requires authorization, so the caller has an id.");
        try
        {
            var (result, refusal) = await admission.RunAsync(userId, UsageChannels.Api, explain, document.Info.Characters,
                token => analyzer.AnalyzeAsync(document, explain, cancellationToken: token), (analysis, _) => UsageAdmission.Measure(analysis),
                cancellationToken);
            if (refusal is not null) return UsageProblems.TooManyRequests(request.HttpContext, refusal.RetryAt - time.GetUtcNow(), refusal.Title, refusal.Message);
            var id = await store.SaveAsync(userId, result!, cancellationToken);
            return TypedResults.Ok(result! with { Document = result.Document! with { Id = id } });
        }
        catch (AnalysisUnavailableException ex)
        {
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Analysis unavailable");
        }
        catch (InferenceBusyException ex)
        {
            request.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(ex.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Service busy");
        }
    }

    /// <summary>415 for a format that is not supported, 413 for a document over a limit, 422 for the rest, saying which.</summary>
    private static ProblemHttpResult Unreadable(DocumentExtractionException ex) => ex.Problem switch
    {
        DocumentProblem.Unsupported => TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported document type"),
        DocumentProblem.TooLarge => TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status413PayloadTooLarge, title: "Document too large"),
        DocumentProblem.Encrypted => TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status422UnprocessableEntity, title: "Password-protected document"),
        DocumentProblem.Empty => TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status422UnprocessableEntity, title: "Empty document"),
        _ => TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status422UnprocessableEntity, title: "Corrupt document"),
    };

    private static ProblemHttpResult TooLarge(DocumentsOptions limits) => TypedResults.Problem(
        $"The upload is larger than {limits.MaxUploadBytes:N0} bytes, the most a document may have (Documents:MaxUploadBytes).",
        statusCode: StatusCodes.Status413PayloadTooLarge, title: "Document too large");

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}
