using BiasApp.Core.Analysis;
using BiasApp.Core.Explanations;
using BiasApp.Usage;
using BiasApp.Core.Inference;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using System.Text.Json.Nodes;

namespace BiasApp.Analysis;

/// <summary>The <c>/api/v1</c> analysis endpoints.</summary>
public static class AnalysisEndpoints
{
    public static IEndpointRouteBuilder MapAnalysisEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Analysis").RequireAuthorization();
        var maxTextLength = app.ServiceProvider.GetRequiredService<IOptions<AnalysisOptions>>().Value.MaxTextLength;
        api.MapPost("/analyze", AnalyzeAsync)
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes(maxTextLength)))
            .WithName("Analyze")
            .WithSummary("Splits a text into sentences and scores each for stereotypes.")
            .Accepts<AnalyzeRequest>("application/json")
            .AddOpenApiOperationTransformer(DescribeExampleAsync)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .MeterUsage()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    /// <summary>
    /// OpenAPI: <c>explain</c> of <see cref="AnalyzeRequest"/> is a string for the handler's own error message, but only
    /// <see cref="ExplanationModes.Names"/> are accepted, so the document lists them as its enum.
    /// </summary>
    internal static Task DescribeExplainAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Type == typeof(AnalyzeRequest) && schema.Properties?.TryGetValue("explain", out var property) == true
            && property is OpenApiSchema explain)
        {
            explain.Type = JsonSchemaType.String;
            explain.Enum = [.. ExplanationModes.Names.Select(name => (JsonNode)JsonValue.Create(name))];
            explain.Description = "Which explanation to compute for every sentence: none (default), shap, lime or both.";
        }
        return Task.CompletedTask;
    }

    /// <summary>The example body in the OpenAPI document: one stereotyped and one neutral sentence.</summary>
    internal static readonly JsonObject ExampleBody = new()
    {
        ["text"] = "Women are too emotional to lead. The weather is nice today.",
        ["explain"] = "none",
    };

    /// <summary>
    /// OpenAPI: a body worth sending as the request's example, which the reference page fills in; generated from the schema
    /// it would be <c>"text": null</c>.
    /// </summary>
    internal static Task DescribeExampleAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.RequestBody?.Content?.TryGetValue("application/json", out var json) == true) json.Example = ExampleBody.DeepClone();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Largest accepted body: every character of the longest text written as a 6-byte JSON <c>\uXXXX</c> escape, plus
    /// room for the other fields. A bigger body is refused with 413 before it is read, not buffered and then rejected.
    /// </summary>
    internal static long MaxBodyBytes(int maxTextLength) => 6L * maxTextLength + 16 * 1024;

    internal static async Task<Results<Ok<DocumentAnalysis>, ValidationProblem, ProblemHttpResult>> AnalyzeAsync(
        AnalyzeRequest request, AnalysisService analysis, HttpContext context, CancellationToken cancellationToken)
    {
        if (!ExplanationModes.TryParse(request.Explain, out var explain))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["explain"] = [$"Unknown explain value '{request.Explain}'; use one of: {string.Join(", ", ExplanationModes.Names)}."],
            });
        }
        var errors = analysis.Validate(request.Text, explain);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        try
        {
            return TypedResults.Ok(await analysis.AnalyzeAsync(new AnalysisRequest(request.Text!, explain), cancellationToken));
        }
        catch (AnalysisUnavailableException ex)
        {
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Analysis unavailable");
        }
        catch (InferenceBusyException ex)
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(ex.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Service busy");
        }
    }
}
