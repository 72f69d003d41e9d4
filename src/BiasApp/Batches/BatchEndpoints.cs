using BiasApp.Data;
using System.Text.Json;
using BiasApp.Core.Batches;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace BiasApp.Batches;

/// <summary>The <c>/api/v1/batches</c> endpoints. Every batch is looked up within the caller's own batches: another user's id is a 404.</summary>
public static class BatchEndpoints
{
    private static readonly string[] JsonLinesTypes = ["application/x-ndjson", "application/jsonl", "application/x-jsonlines", "application/json-lines"];

    public static IEndpointRouteBuilder MapBatchEndpoints(this IEndpointRouteBuilder app)
    {
        // Batches predate accounts and fell back to a shared "anonymous" owner; now only signed-in callers may use them.
        var api = app.MapGroup("/api/v1/batches").WithTags("Batches").RequireAuthorization();
        api.MapPost("/", CreateAsync)
            .WithSummary("Queues a batch from a multipart upload (file: CSV, .xlsx or text; textColumn, groupColumn, compareColumn, passThrough, sheet, format, name; or a 'lines' field), JSON lines ({\"text\",\"group\"} per line) or plain text (one text per line).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .RequireRateLimiting(BatchUploadRateLimit.PolicyName)
            .AddOpenApiOperationTransformer(BatchOpenApi.DescribeUploadAsync);
        api.MapGet("/", ListAsync).WithSummary("The caller's recent batches, newest first.");
        api.MapGet("/{id:guid}", GetAsync).WithSummary("Status and progress of a batch.").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/{id:guid}/results", ResultsAsync)
            .WithSummary("Streams the scored rows: format=ndjson (default, one row per line), csv (one line per sentence) or json (with summary).")
            .Produces(StatusCodes.Status200OK, contentType: "application/x-ndjson", additionalContentTypes: ["text/csv", "application/json"])
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/{id:guid}/summary", SummaryAsync).WithSummary("Stereotype rate overall and per group with Wilson 95% intervals; with a compare column, per value, a chi-square test and Holm-corrected pairwise tests.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/{id:guid}/cancel", CancelAsync).WithSummary("Cancels a queued or running batch.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapDelete("/{id:guid}", DeleteAsync).WithSummary("Deletes a finished batch.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    internal static async Task<Results<Accepted<BatchStatusView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        HttpRequest request, BatchService batches, CancellationToken cancellationToken)
    {
        var limits = batches.Options;
        try
        {
            var (name, upload) = await ReadInputAsync(request, limits, batches.MaxTextLength, cancellationToken);
            var job = await batches.CreateAsync(BatchOwner.From(request.HttpContext.User), name, upload, cancellationToken);
            return TypedResults.Accepted($"/api/v1/batches/{job.Id}", batches.Status(job));
        }
        catch (BatchInputException ex) when (ex.Status == StatusCodes.Status400BadRequest)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [ex.Field] = [ex.Message] });
        }
        catch (BatchInputException ex)
        {
            return TypedResults.Problem(ex.Message, statusCode: ex.Status, title: ex.Status switch
            {
                StatusCodes.Status413PayloadTooLarge => "Input too large",
                StatusCodes.Status415UnsupportedMediaType => "Unsupported media type",
                StatusCodes.Status422UnprocessableEntity => "Unreadable file",
                _ => "Bad request",
            });
        }
        catch (BatchRefusedException ex)
        {
            return TypedResults.Problem(ex.Message, statusCode: ex.Status, title: "Batch not started");
        }
    }

    internal static async Task<Ok<List<BatchStatusView>>> ListAsync(HttpContext context, BatchService batches, CancellationToken cancellationToken)
    {
        var jobs = await batches.ListAsync(BatchOwner.From(context.User), cancellationToken: cancellationToken);
        return TypedResults.Ok(jobs.Select(batches.Status).ToList());
    }

    internal static async Task<Results<Ok<BatchStatusView>, ProblemHttpResult>> GetAsync(Guid id, HttpContext context, BatchService batches, CancellationToken cancellationToken) =>
        await batches.FindAsync(BatchOwner.From(context.User), id, cancellationToken) is { } job
            ? TypedResults.Ok(batches.Status(job)) : NotFound(id);

    internal static async Task<Results<Ok<BatchSummary>, ProblemHttpResult>> SummaryAsync(Guid id, HttpContext context, BatchService batches, CancellationToken cancellationToken) =>
        await batches.FindAsync(BatchOwner.From(context.User), id, cancellationToken) is { } job
            ? TypedResults.Ok(await batches.SummarizeAsync(job, cancellationToken)) : NotFound(id);

    internal static async Task<IResult> ResultsAsync(Guid id, string? format, HttpContext context, BatchService batches, CancellationToken cancellationToken)
    {
        format = string.IsNullOrEmpty(format) ? "ndjson" : format;
        if (!BatchExport.ContentTypes.TryGetValue(format, out var contentType))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["format"] = [$"Unknown format '{format}'; use ndjson, csv or json."] });
        if (await batches.FindAsync(BatchOwner.From(context.User), id, cancellationToken) is not { } job) return NotFound(id);

        var status = batches.Status(job);
        var summary = format.Equals("json", StringComparison.OrdinalIgnoreCase) ? await batches.SummarizeAsync(job, cancellationToken) : null;
        var fileName = $"batch-{id:N}.{format.ToLowerInvariant()}";
        return TypedResults.Stream(async body =>
        {
            var rows = batches.StreamResultsAsync(id, cancellationToken);
            if (summary is not null) await BatchExport.WriteJsonAsync(body, status, summary, rows, cancellationToken);
            else if (format.Equals("csv", StringComparison.OrdinalIgnoreCase)) await BatchExport.WriteCsvAsync(body, rows, BatchService.PassThroughColumnsOf(job), cancellationToken);
            else await BatchExport.WriteNdjsonAsync(body, rows, cancellationToken);
        }, contentType, context.Request.Query.ContainsKey("download") ? fileName : null);
    }

    internal static async Task<Results<Accepted<BatchStatusView>, ProblemHttpResult>> CancelAsync(Guid id, HttpContext context, BatchService batches, CancellationToken cancellationToken)
    {
        var owner = BatchOwner.From(context.User);
        if (await batches.FindAsync(owner, id, cancellationToken) is null) return NotFound(id);
        if (!await batches.CancelAsync(owner, id, cancellationToken))
            return TypedResults.Problem("The batch is not queued or running.", statusCode: StatusCodes.Status409Conflict, title: "Nothing to cancel");
        var job = await batches.FindAsync(owner, id, cancellationToken);
        return TypedResults.Accepted($"/api/v1/batches/{id}", batches.Status(job!));
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, HttpContext context, BatchService batches, CancellationToken cancellationToken)
    {
        var owner = BatchOwner.From(context.User);
        if (await batches.FindAsync(owner, id, cancellationToken) is null) return NotFound(id);
        return await batches.DeleteAsync(owner, id, cancellationToken)
            ? TypedResults.NoContent()
            : TypedResults.Problem("Cancel the batch before deleting it.", statusCode: StatusCodes.Status409Conflict, title: "Batch is active");
    }

    private static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem($"No batch {id} for this user.", statusCode: StatusCodes.Status404NotFound, title: "Batch not found");

    private static async Task<(string Name, BatchUpload Upload)> ReadInputAsync(HttpRequest request, BatchOptions limits, int maxTextLength, CancellationToken cancellationToken)
    {
        // Multipart overhead (boundaries, field names) is small; allow a little over the file limit for it.
        var bodyLimit = limits.MaxFileBytes + 64 * 1024;
        if (request.ContentLength > bodyLimit) throw TooLarge(limits);
        var mediaType = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        // For every content type, so a chunked body without Content-Length is cut off by the server at the same limit.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = bodyLimit;

        if (request.HasFormContentType)
        {
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = limits.MaxFileBytes }, cancellationToken);
            }
            // A truncated multipart body (no closing boundary) ends in IOException: the client's fault, not a 500.
            catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException or IOException)
            {
                throw ex is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } || ex.Message.Contains("limit", StringComparison.OrdinalIgnoreCase)
                    ? TooLarge(limits) : new BatchInputException("file", "The multipart body could not be read.");
            }
            var compareColumn = form["compareColumn"].ToString();
            var sheet = form["sheet"].ToString();
            if (form.Files.GetFile("file") is { } file)
            {
                if (file.Length > limits.MaxFileBytes) throw TooLarge(limits);
                var bytes = new byte[file.Length];
                await using (var stream = file.OpenReadStream()) await stream.ReadExactlyAsync(bytes, cancellationToken);
                var format = ParseFormat(form["format"].ToString()) ?? BatchInput.GuessFormat(file.FileName, file.ContentType);
                var name = form["name"].ToString() is { Length: > 0 } n ? n : Path.GetFileName(file.FileName);
                if (format != BatchInputFormat.Xlsx && !string.IsNullOrWhiteSpace(sheet))
                    throw new BatchInputException("sheet", "A sheet can be chosen only for an .xlsx workbook; this upload is read as " + (format == BatchInputFormat.Csv ? "CSV." : "text."));
                if (format == BatchInputFormat.Lines)
                {
                    RequireNoCompareColumn(compareColumn);
                    return (name, BatchInput.Parse(bytes, format, null, null, limits.MaxRows, maxTextLength, cancellationToken: cancellationToken));
                }
                // No passThrough field: every column but the text; an empty one: none.
                var passThrough = form.TryGetValue("passThrough", out var carried) ? carried.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c!).ToList() : null;
                // No groupColumn field: the column the page preselects; an empty one: no groups.
                var groupField = form.TryGetValue("groupColumn", out var group) ? group.ToString() : null;
                if (format == BatchInputFormat.Xlsx)
                {
                    var table = XlsxInput.Read(bytes, sheet, cancellationToken);
                    var (sheetText, sheetGroup) = BatchInput.ChooseColumns(() => table.Preview(firstRows: 0, cancellationToken), form["textColumn"].ToString(), groupField);
                    return (name, table.Parse(sheetText, sheetGroup, limits.MaxRows, maxTextLength, passThrough, compareColumn, cancellationToken));
                }
                var csv = BatchInput.Decode(bytes);
                // No textColumn (or a blank one): the column the page preselects.
                var (textColumn, groupColumn) = BatchInput.ChooseColumns(csv, form["textColumn"].ToString(), groupField, cancellationToken);
                return (name, BatchInput.ParseCsv(csv, textColumn, groupColumn, limits.MaxRows, maxTextLength, passThrough, cancellationToken, compareColumn));
            }
            if (form.TryGetValue("lines", out var lines))
            {
                RequireNoCompareColumn(compareColumn);
                return (form["name"].ToString() is { Length: > 0 } n ? n : "Pasted lines", BatchInput.ParseLines(lines.ToString(), limits.MaxRows, maxTextLength, cancellationToken));
            }
            throw new BatchInputException("file", "Send the input as a 'file' part (CSV, .xlsx or text) or a 'lines' field.");
        }

        if (mediaType is null || !(JsonLinesTypes.Contains(mediaType) || mediaType == "text/plain"))
            throw new BatchInputException("contentType",
                $"Unsupported content type '{request.ContentType}'; send multipart/form-data, application/x-ndjson (JSON lines) or text/plain.",
                StatusCodes.Status415UnsupportedMediaType);

        var body = await ReadBodyAsync(request.Body, limits, cancellationToken);
        var query = request.Query["name"].ToString();
        var compare = request.Query["compareColumn"].ToString();
        if (mediaType == "text/plain") RequireNoCompareColumn(compare);
        return mediaType == "text/plain"
            ? (query is { Length: > 0 } ? query : "Text upload", BatchInput.Parse(body, BatchInputFormat.Lines, null, null, limits.MaxRows, maxTextLength, cancellationToken: cancellationToken))
            : (query is { Length: > 0 } ? query : "JSON lines upload", ParseJsonLines(BatchInput.Decode(body), limits.MaxRows, maxTextLength, compare, cancellationToken));
    }

    /// <summary>
    /// One JSON object per line: <c>text</c> (a line without one is a 400 naming the line and its fields; an empty, blank or
    /// null one is skipped and reported, as in a CSV), optional
    /// <c>group</c>, and any other fields (an <c>id</c>, a date) carried into the results as pass-through columns, in the
    /// order they first appear. A line's number is its source row. A line with more than <see cref="BatchInput.MaxColumns"/>
    /// fields, or lines naming more than that many other fields together, are refused as a CSV that wide is.
    /// </summary>
    private static BatchUpload ParseJsonLines(string text, int maxRows, int maxTextLength, string? compareColumn, CancellationToken cancellationToken)
    {
        compareColumn = string.IsNullOrWhiteSpace(compareColumn) ? null : compareColumn.Trim();
        string? compareName = null;
        var compareValues = new HashSet<string>(StringComparer.Ordinal);
        var upload = new BatchInput.UploadBuilder(maxRows, maxTextLength);
        var columns = new List<string>();
        var known = new HashSet<string>(StringComparer.Ordinal);
        var lineNumber = 0;
        using var reader = new StringReader(text);
        while (reader.ReadLine() is { } line)
        {
            cancellationToken.ThrowIfCancellationRequested();
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            System.Text.Json.Nodes.JsonObject item;
            try
            {
                item = System.Text.Json.Nodes.JsonNode.Parse(line) as System.Text.Json.Nodes.JsonObject
                    ?? throw new JsonException("not an object");
                // The object builds its dictionary of fields on first use, where a repeated name throws.
                _ = item.Count;
            }
            catch (JsonException)
            {
                throw new BatchInputException("body", $"Line {lineNumber:N0} is not a JSON object like {{\"text\": \"…\", \"group\": \"…\"}}.");
            }
            catch (ArgumentException)
            {
                throw new BatchInputException("body", $"Line {lineNumber:N0} has the same field twice; give each field once.");
            }
            if (item.Count > BatchInput.MaxColumns)
                throw new BatchInputException("body",
                    $"Line {lineNumber:N0} has {item.Count:N0} fields; the limit is {BatchInput.MaxColumns:N0}. Send only the fields you need in the results.");
            string? textValue = null, group = null;
            var hasText = false;
            Dictionary<string, string>? extra = null;
            foreach (var (name, value) in item)
            {
                if (name.Equals("text", StringComparison.OrdinalIgnoreCase))
                {
                    hasText = true;
                    if (value is not null && value.GetValueKind() != JsonValueKind.String)
                        throw new BatchInputException("body", $"Line {lineNumber:N0}: \"text\" must be a string.");
                    textValue = value?.GetValue<string>();
                }
                else if (name.Equals("group", StringComparison.OrdinalIgnoreCase))
                {
                    group = Scalar(value);
                }
                else
                {
                    if (known.Add(name))
                    {
                        columns.Add(name);
                        // Each field becomes a column of every exported row, so the lines together are held to the limit too.
                        if (columns.Count > BatchInput.MaxColumns)
                            throw new BatchInputException("body",
                                $"Line {lineNumber:N0} takes the fields carried into the results to {columns.Count:N0} across the lines; the limit is {BatchInput.MaxColumns:N0}. Send only the fields you need in the results.");
                    }
                    (extra ??= [])[name] = Scalar(value) ?? "";
                }
            }
            // A misspelt field ("txt") would otherwise make every line a blank row.
            if (!hasText)
                throw new BatchInputException("body", item.Count == 0
                    ? $"Line {lineNumber:N0} has no \"text\" field; it is an empty object. Each line needs the text to score in \"text\"."
                    : $"Line {lineNumber:N0} has no \"text\" field; its fields are {string.Join(", ", item.Take(10).Select(p => $"\"{p.Key}\""))}{(item.Count > 10 ? ", …" : "")}. Each line needs the text to score in \"text\".");
            string? compare = null;
            if (compareColumn is not null && extra?.FirstOrDefault(c => c.Key.Equals(compareColumn, StringComparison.OrdinalIgnoreCase)) is { Key: not null } field)
            {
                compareName ??= field.Key;
                compare = string.IsNullOrWhiteSpace(field.Value) ? null : field.Value.Trim();
            }
            if (upload.Add(lineNumber, textValue, string.IsNullOrWhiteSpace(group) ? null : group.Trim(), extra, compare)
                && compare is not null && compareValues.Add(compare) && compareValues.Count > CompareStatistics.MaxValues)
                throw new BatchInputException("compareColumn",
                    $"Field '{compareName}' has more than {CompareStatistics.MaxValues} distinct values; compare a field with at most {CompareStatistics.MaxValues} (a model, an author, a quarter).");
        }
        if (upload.IsEmpty) throw new BatchInputException("body", "The input is empty.");
        if (compareColumn is not null && compareName is null)
            throw new BatchInputException("compareColumn",
                $"No line has a field '{compareColumn}' to compare; the fields besides text and group are: {(columns.Count == 0 ? "none" : string.Join(", ", columns.Take(50)))}.");
        return upload.Build(columns, compareName);

        // A field's value as text: a string as it is, anything else (a number, true, an array) as its JSON; null stays null.
        static string? Scalar(System.Text.Json.Nodes.JsonNode? value) =>
            value?.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value?.ToJsonString();
    }

    private static async Task<byte[]> ReadBodyAsync(Stream body, BatchOptions limits, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limits.MaxFileBytes) throw TooLarge(limits);
        }
        return buffer.ToArray();
    }

    private static void RequireNoCompareColumn(string? compareColumn)
    {
        if (!string.IsNullOrWhiteSpace(compareColumn))
            throw new BatchInputException("compareColumn",
                $"Column '{compareColumn}' cannot be compared: text with one text per line has no columns. Send a CSV, an .xlsx workbook or JSON lines.");
    }

    private static BatchInputFormat? ParseFormat(string value) => value.ToLowerInvariant() switch
    {
        "csv" => BatchInputFormat.Csv,
        "xlsx" => BatchInputFormat.Xlsx,
        "lines" or "text" or "txt" => BatchInputFormat.Lines,
        _ => null,
    };

    private static BatchInputException TooLarge(BatchOptions limits) =>
        new("file", $"The input is larger than {limits.MaxFileBytes:N0} bytes, the limit per batch.", StatusCodes.Status413PayloadTooLarge);
}
