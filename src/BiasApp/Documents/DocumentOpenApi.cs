using System.Text.Json.Nodes;
using BiasApp.Core.Documents;
using BiasApp.Core.Explanations;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace BiasApp.Documents;

/// <summary>The multipart body of <c>POST /api/v1/documents</c> for the OpenAPI document; the handler reads the form itself.</summary>
internal static class DocumentOpenApi
{
    public static Task DescribeUploadAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var limits = context.ApplicationServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<DocumentsOptions>>().Value;
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = $"A document of at most {limits.MaxUploadBytes:N0} bytes, {limits.MaxCharacters:N0} characters of text and {limits.MaxPages:N0} pages.",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["multipart/form-data"] = new()
                {
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Required = new HashSet<string> { "file" },
                        Properties = new Dictionary<string, IOpenApiSchema>
                        {
                            ["file"] = new OpenApiSchema
                            {
                                Type = JsonSchemaType.String,
                                Format = "binary",
                                Description = "The document: .docx, .pdf, .txt, .md or .html, told apart by the file name's extension (else the part's content type).",
                            },
                            ["explain"] = new OpenApiSchema
                            {
                                Type = JsonSchemaType.String,
                                Enum = [.. ExplanationModes.Names.Select(name => (JsonNode)JsonValue.Create(name))],
                                Description = "Which explanation to compute for every sentence: none (default), shap, lime or both.",
                            },
                        },
                    },
                },
            },
        };
        return Task.CompletedTask;
    }
}
