using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using System.Text.Json.Serialization;

namespace BiasApp.Api;

/// <summary>Cross-cutting HTTP API set-up: JSON, ProblemDetails, OpenAPI.</summary>
public static class ApiExtensions
{
    /// <summary>camelCase JSON with string enums, ProblemDetails for every error, and the OpenAPI document.</summary>
    public static WebApplicationBuilder AddApi(this WebApplicationBuilder builder)
    {
        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            // The web default (relaxed escaping) writes <script> verbatim; escape HTML-sensitive characters so echoed
            // text is inert even where a client pastes the JSON into a page. Other scripts stay readable.
            options.SerializerOptions.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        });
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ApiExceptionHandler>();
        // Malformed JSON, a missing body or a wrong content type then reach ApiExceptionHandler as
        // BadHttpRequestException and come back as 400/415 ProblemDetails, in every environment.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddOpenApi();
        return builder;
    }

    /// <summary>Security headers, exception handler, status-code pages and <c>/openapi/v1.json</c>.</summary>
    public static WebApplication UseApi(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeaders>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapOpenApi();
        return app;
    }
}
