using System.Text.Json.Nodes;
using BiasApp.Accounts;
using BiasApp.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace BiasApp.Api;

/// <summary>
/// What the OpenAPI document says about every secured endpoint, in one place instead of per route: the <c>X-API-Key</c>
/// scheme, and the 401 (with its <c>reason</c>), 403 and 503 answers that authentication, roles, the same-origin check on
/// state changes and the database add.
/// </summary>
internal static class ApiDocument
{
    public const string SecuritySchemeName = "ApiKey";

    /// <summary>Component schema of a 401 body: ProblemDetails plus <c>reason</c>.</summary>
    public const string UnauthorizedSchemaName = "UnauthorizedProblem";

    private const string ProblemSchemaName = "ProblemDetails";
    private const string ProblemContentType = "application/problem+json";

    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer(DescribeDocumentAsync);
        options.AddOperationTransformer(DescribeOperationAsync);
    }

    private static Task DescribeDocumentAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "BiasApp API";
        document.Info.Description =
            "Stereotype detection for texts and batches. Send an API key in the `X-API-Key` header (create one on the API keys " +
            "page); a signed-in browser session works too, though a POST or DELETE it authenticates must come from this app's own pages " +
            "(a same-origin `Origin` or `Sec-Fetch-Site`; otherwise 403). Errors are ProblemDetails (RFC 9457). Request bodies may only " +
            "contain the fields listed: an unknown field is a 400 naming it.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SecuritySchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeys.HeaderName,
            Description = "An API key from the API keys page (`/account/keys`) or `biasapp-cli keys create`.",
        };
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[UnauthorizedSchemaName] = new OpenApiSchema
        {
            Description = "ProblemDetails of a 401; `reason` says why the request was not authenticated.",
            AllOf =
            [
                new OpenApiSchemaReference(ProblemSchemaName, document),
                new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Required = new HashSet<string> { "reason" },
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        ["reason"] = new OpenApiSchema
                        {
                            Type = JsonSchemaType.String,
                            Enum = [.. ApiKeyRefusal.Reasons.Select(r => (JsonNode)JsonValue.Create(r))],
                            Description = "`missing`: no key and no session (or an empty header); `unknown`: a key this server never issued; " +
                                "`revoked`: a key that was revoked or deleted with its account; `disabled`: the key's account is disabled (password lockout does not refuse keys); " +
                                "`refused`: any other refusal, explained in `detail`.",
                        },
                    },
                },
            ],
        };
        return Task.CompletedTask;
    }

    private static Task DescribeOperationAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var authorization = metadata.OfType<IAuthorizeData>().ToList();
        if (authorization.Count == 0 || metadata.OfType<IAllowAnonymous>().Any()) return Task.CompletedTask;

        var document = context.Document!;
        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SecuritySchemeName, document)] = [] });
        operation.Responses ??= new OpenApiResponses();
        operation.Responses.TryAdd("401", Problem(document, UnauthorizedSchemaName,
            "No valid API key or session; `reason` says whether the key was missing, unknown, revoked, or its account disabled."));
        if (authorization.Any(a => a.Policy is not null || a.Roles is not null))
            operation.Responses.TryAdd("403", Problem(document, ProblemSchemaName, "Authenticated, but the account lacks the Admin role."));
        if (context.Description.HttpMethod is { } method && !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method))
            operation.Responses.TryAdd("403", Problem(document, ProblemSchemaName,
                "Signed in only by the browser's sign-in cookie, and the request did not come from this app's pages (no same-origin `Origin` or `Sec-Fetch-Site`); send it with an API key."));
        // Every call reads the database (the key itself is looked up there); a busy or read-only one is a 503, not a 500.
        operation.Responses.TryAdd("503", Problem(document, ProblemSchemaName,
            "The database (or, for analyses, the model) is unavailable or busy; retry after `Retry-After` seconds."));
        return Task.CompletedTask;
    }

    private static OpenApiResponse Problem(OpenApiDocument document, string schema, string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            [ProblemContentType] = new() { Schema = new OpenApiSchemaReference(schema, document) },
        },
    };
}
