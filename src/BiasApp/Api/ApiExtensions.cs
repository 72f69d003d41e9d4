using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using System.Text.Json.Serialization;
using Scalar.AspNetCore;

namespace BiasApp.Api;

/// <summary>Cross-cutting HTTP API set-up: JSON, ProblemDetails, OpenAPI and its reference page.</summary>
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
            // A misspelt field ("explian") must not be ignored silently; ApiExceptionHandler turns this into a 400 naming it.
            options.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        });
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = ApiProblems.Customize);
        builder.Services.AddExceptionHandler<ApiExceptionHandler>();
        // Malformed JSON, a missing body or a wrong content type then reach ApiExceptionHandler as
        // BadHttpRequestException and come back as 400/415 ProblemDetails, in every environment.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddOpenApi(ApiDocument.Configure);
        return builder;
    }

    /// <summary>Where the OpenAPI documents are served (<c>/openapi/v1.json</c>).</summary>
    public const string DocumentPrefix = "/openapi";

    /// <summary>
    /// Security headers, exception handler, status-code pages and <c>/openapi/v1.json</c>, for signed-in callers only: an
    /// API key or the browser session (the reference page fetches it with the session's cookie); anonymous callers get 401.
    /// </summary>
    public static WebApplication UseApi(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeaders>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapOpenApi(DocumentPrefix + "/{documentName}.json").RequireAuthorization();
        return app;
    }

    /// <summary>
    /// Refuses state changes under <c>/api</c> that only the browser's sign-in cookie authenticates and that come from another
    /// site (<see cref="SameOriginCheck"/>). After authentication, which it reads, and before the rate limiter, so a refused
    /// request is not counted.
    /// </summary>
    public static WebApplication UseSameOriginCheck(this WebApplication app)
    {
        app.UseMiddleware<SameOriginCheck>();
        return app;
    }

    /// <summary>Where the interactive API reference is served.</summary>
    public const string ReferencePath = "/api/docs";

    /// <summary>The reference page's configuration module (a static asset from wwwroot).</summary>
    public const string ReferenceScript = "/api-reference.js";

    /// <summary>
    /// The interactive reference (Scalar) over <c>/openapi/v1.json</c> at <see cref="ReferencePath"/>, for signed-in users.
    /// Scalar's inline start-up script runs under a per-request nonce, so the page keeps the app's CSP otherwise unchanged.
    /// </summary>
    public static IEndpointRouteBuilder MapApiReference(this IEndpointRouteBuilder app)
    {
        app.MapScalarApiReference(ReferencePath, (options, context) =>
        {
            // Hex, not base64: Scalar HTML-encodes the attribute, and '+' would come out as an entity.
            var nonce = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
            context.Response.Headers.ContentSecurityPolicy = SecurityHeaders.ContentSecurityPolicy.Replace("script-src 'self'", $"script-src 'self' 'nonce-{nonce}'");
            options.WithNonce(nonce)
                .WithTitle("BiasApp API reference")
                // Scalar sets its icon from its script; named in the head as well, the browser does not ask for /favicon.ico (a 404) first.
                .AddHeadContent("<link rel=\"icon\" type=\"image/svg+xml\" href=\"favicon.svg\" />")
                // Self-hosted and offline: no font CDN, no AI chat or telemetry sent to Scalar's services.
                .DisableDefaultFonts()
                .DisableAgent()
                .DisableTelemetry()
                .DisableMcp()
                .HideDeveloperTools()
                .AddPreferredSecuritySchemes(ApiDocument.SecuritySchemeName)
                // wwwroot/api-reference.js: no X-API-Key header when the key field is empty, so the session authenticates "Send".
                .WithJavaScriptConfiguration(ReferenceScript);
        }).RequireAuthorization();
        return app;
    }
}
