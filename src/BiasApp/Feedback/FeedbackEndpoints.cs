using System.Security.Claims;
using BiasApp.Accounts;
using BiasApp.Core.Analysis;
using BiasApp.Core.Inference;
using BiasApp.Data;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BiasApp.Feedback;

/// <summary><c>POST /api/v1/feedback</c> for every signed-in user, and the review queue under <c>/api/v1/admin/feedback</c> (Admin role only).</summary>
public static class FeedbackEndpoints
{
    public static IEndpointRouteBuilder MapFeedbackEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Feedback").RequireAuthorization();
        api.MapPost("/feedback", SubmitAsync).WithName("SubmitFeedback")
            .WithSummary("Agrees with the model's verdict on a sentence or corrects its kind; pending for an analyst, decided when an admin sends it.")
            .Accepts<FeedbackRequest>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        var admin = app.MapGroup("/api/v1/admin/feedback").WithTags("Feedback").RequireAuthorization(AccountsExtensions.AdminPolicy);
        admin.MapGet("", ListAsync).WithName("ListFeedback").WithSummary("Feedback items in one status (pending by default), newest first.");
        admin.MapPost("/{id:long}/accept", AcceptAsync).WithName("AcceptFeedback").WithSummary("Accepts a pending item: it becomes a team decision.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapPost("/{id:long}/revoke", RevokeAsync).WithName("RevokeFeedback")
            .WithSummary("Revokes a team decision: sentences analysed afterwards follow the model again.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapPost("/{id:long}/reject", RejectAsync).WithName("RejectFeedback").WithSummary("Rejects a pending item.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapGet("/agreement", AgreementAsync).WithName("GetFeedbackAgreement")
            .WithSummary("How often analysts agreed with the model: pending and accepted feedback, in all, per model version and per model kind, with 95% Wilson intervals.");
        admin.MapGet("/export", ExportAsync).WithName("ExportFeedback")
            .WithSummary("The team decisions as training CSV: text,kind,label,model_version,model_kind,probability,decided_at.")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");
        return app;
    }

    internal static async Task<Results<Created<FeedbackCreated>, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        FeedbackRequest request, ClaimsPrincipal user, FeedbackService feedback, HttpContext context, CancellationToken cancellationToken)
    {
        var errors = feedback.Validate(request.Text, request.Kind, request.Note);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        if (user.FindFirstValue(ClaimTypes.NameIdentifier) is not { } userId)
            return TypedResults.Problem("The caller has no account id.", statusCode: StatusCodes.Status401Unauthorized);
        try
        {
            var created = await feedback.SubmitAsync(userId, user.IsInRole(Roles.Admin), request.Text, request.Kind, request.Note, cancellationToken);
            return TypedResults.Created($"/api/v1/admin/feedback/{created.Id}", created);
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

    internal static async Task<Results<Ok<IReadOnlyList<FeedbackView>>, ValidationProblem>> ListAsync(
        string? status, FeedbackService feedback, CancellationToken cancellationToken)
    {
        status ??= FeedbackStatuses.Pending;
        if (!FeedbackStatuses.All.Contains(status))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["status"] = [$"Unknown status '{status}'; use one of: {string.Join(", ", FeedbackStatuses.All)}."],
            });
        }
        return TypedResults.Ok(await feedback.ListAsync(status, cancellationToken));
    }

    internal static Task<Results<NoContent, ProblemHttpResult>> AcceptAsync(long id, ClaimsPrincipal user, FeedbackService feedback, CancellationToken cancellationToken) =>
        DecideAsync(id, accept: true, user, feedback, cancellationToken);

    internal static Task<Results<NoContent, ProblemHttpResult>> RejectAsync(long id, ClaimsPrincipal user, FeedbackService feedback, CancellationToken cancellationToken) =>
        DecideAsync(id, accept: false, user, feedback, cancellationToken);

    private static async Task<Results<NoContent, ProblemHttpResult>> DecideAsync(
        long id, bool accept, ClaimsPrincipal user, FeedbackService feedback, CancellationToken cancellationToken)
    {
        var adminId = user.FindFirstValue(ClaimTypes.NameIdentifier)!;
        return await feedback.DecideAsync(id, accept, adminId, cancellationToken) switch
        {
            FeedbackTransition.Done => TypedResults.NoContent(),
            FeedbackTransition.NotFound => TypedResults.Problem($"There is no feedback item {id}.", statusCode: StatusCodes.Status404NotFound, title: "Not found"),
            _ => TypedResults.Problem($"Feedback item {id} has already been accepted or rejected; only pending items can be.",
                statusCode: StatusCodes.Status409Conflict, title: "Already decided"),
        };
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(long id, ClaimsPrincipal user, FeedbackService feedback, CancellationToken cancellationToken)
    {
        var adminId = user.FindFirstValue(ClaimTypes.NameIdentifier)!;
        return await feedback.RevokeAsync(id, adminId, cancellationToken) switch
        {
            FeedbackTransition.Done => TypedResults.NoContent(),
            FeedbackTransition.NotFound => TypedResults.Problem($"There is no feedback item {id}.", statusCode: StatusCodes.Status404NotFound, title: "Not found"),
            _ => TypedResults.Problem($"Feedback item {id} is not a team decision; only accepted items can be revoked.",
                statusCode: StatusCodes.Status409Conflict, title: "Not a decision"),
        };
    }

    internal static async Task<Ok<FeedbackAgreement>> AgreementAsync(FeedbackService feedback, CancellationToken cancellationToken) =>
        TypedResults.Ok(await feedback.AgreementAsync(cancellationToken));

    internal static async Task<FileContentHttpResult> ExportAsync(FeedbackService feedback, TimeProvider time, CancellationToken cancellationToken) =>
        TypedResults.File(System.Text.Encoding.UTF8.GetBytes(await feedback.ExportCsvAsync(cancellationToken)), "text/csv",
            $"feedback-{time.GetUtcNow():yyyy-MM-dd}.csv");
}
