using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace BiasApp.Batches;

/// <summary>
/// The request body of <c>POST /api/v1/batches</c> for the OpenAPI document. The handler reads the body itself (it
/// accepts three content types), so nothing is inferred from its signature; this describes what <c>ReadInputAsync</c> reads.
/// </summary>
internal static class BatchOpenApi
{
    public static Task DescribeUploadAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var limits = context.ApplicationServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<BatchOptions>>().Value;
        var limitsText = $"At most {limits.MaxFileBytes:N0} bytes and {limits.MaxRows:N0} rows.";
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = $"One of three forms. {limitsText}",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["multipart/form-data"] = new()
                {
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Description = "A `file` part (CSV with a header row, an .xlsx workbook, or text with one text per line), or a `lines` field instead of a file.",
                        Properties = new Dictionary<string, IOpenApiSchema>
                        {
                            ["file"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = "The CSV or text file (UTF-8), or an .xlsx workbook. An encrypted (password-protected) or unreadable workbook is a 422; an Excel 97–2003 .xls a 415." },
                            ["textColumn"] = String("CSV only, optional: the header of the column holding the texts. Default, as the batch page preselects: a column named `text` (any case), else the column with the longest values on average."),
                            ["compareColumn"] = String($"CSV and .xlsx, optional: the header of a column whose values to compare (an LLM, an author, a quarter; at most {Core.Batches.CompareStatistics.MaxValues} distinct values). The summary then adds `compare` (rate per value with a Wilson 95% interval), `compareTest` (chi-square test of independence), `comparePairs` (two-proportion z-tests, Holm-corrected) and `compareMatrix` (value × group). The column is always carried into the results. A name not in the header is a 400 listing the header."),
                            ["sheet"] = String(".xlsx only, optional: the name of the sheet to read (any case); default the first sheet. An unknown name is a 400 listing the sheets."),
                            ["groupColumn"] = String("CSV only, optional: the header of a column with the social group of each row, for per-group rates. Not sent: a column named `group` (any case) if there is one; sent empty: no groups."),
                            ["format"] = new OpenApiSchema
                            {
                                Type = JsonSchemaType.String,
                                Enum = [JsonValue.Create("csv"), JsonValue.Create("xlsx"), JsonValue.Create("lines")],
                                Description = "How to read `file`; by default from its name and content type (`.xlsx` or the xlsx content type is a workbook, `.csv` or `text/csv` is CSV, anything else one text per line).",
                            },
                            ["name"] = String("Optional name of the batch; default the file name."),
                            ["lines"] = String("Instead of `file`: one text per line."),
                            ["passThrough"] = new OpenApiSchema
                            {
                                Type = JsonSchemaType.Array,
                                Items = String("The header of a column to carry into results and exports."),
                                Description = "CSV only: repeat once per column carried into the results (each value one column name). Absent: every column but the text column; one empty value: none.",
                            },
                        },
                    },
                    Encoding = new Dictionary<string, OpenApiEncoding>
                    {
                        ["file"] = new() { ContentType = "text/csv, text/plain, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, application/octet-stream" },
                    },
                },
                ["application/x-ndjson"] = new()
                {
                    Schema = String("JSON lines: one object per line, `{\"text\": \"…\", \"group\": \"…\"}` (`group` optional; other fields are carried into the results). A line without a `text` field is a 400; an empty or blank `text` is skipped. application/jsonl and application/x-jsonlines are accepted too."),
                },
                ["text/plain"] = new()
                {
                    Schema = String("One text per line."),
                },
            },
        };
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = "name",
            In = ParameterLocation.Query,
            Required = false,
            Description = "Name of the batch for JSON-lines and text bodies (multipart uploads send a `name` field).",
            Schema = String("Batch name."),
        });
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = "compareColumn",
            In = ParameterLocation.Query,
            Required = false,
            Description = "JSON lines only: a field whose values the summary compares (multipart uploads send a `compareColumn` field). No line with the field is a 400.",
            Schema = String("Field name."),
        });
        return Task.CompletedTask;
    }

    private static OpenApiSchema String(string description) => new() { Type = JsonSchemaType.String, Description = description };
}
