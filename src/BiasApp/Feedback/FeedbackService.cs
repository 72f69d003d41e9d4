using System.Security.Claims;
using BiasApp.Core.Analysis;
using BiasApp.Core.Inference;
using BiasApp.Core.Scoring;
using BiasApp.Core.Segmentation;
using BiasApp.Data;
using Microsoft.Extensions.Options;

namespace BiasApp.Feedback;

/// <summary>
/// Feedback for the page and the API: checks it, scores the sentence (from the result cache when it was just analysed) so the
/// model's verdict is stored beside the correction, records it under the <see cref="UsageChannels.Feedback"/> channel
/// (never against the analysis quota), and the admins' decisions and export.
/// </summary>
public sealed class FeedbackService(FeedbackStore store, SentenceScorer scorer, TeamDecisions decisions, IOptions<AnalysisOptions> options, TimeProvider time)
{
    private readonly AnalysisOptions _options = options.Value;

    /// <summary>Problems with a feedback, keyed by field name; empty when valid.</summary>
    public Dictionary<string, string[]> Validate(string? text, string? kind, string? note)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(text))
            errors["text"] = ["Text is empty."];
        else if (text.Trim().Length > _options.MaxSentenceLength)
            errors["text"] = [$"Text has {text.Trim().Length:N0} characters; one sentence is at most {_options.MaxSentenceLength:N0}."];
        if (!Kinds.IsKnown(kind))
            errors["kind"] = [$"Unknown kind '{kind}'; use one of: {string.Join(", ", Kinds.All)}."];
        if (note is { Length: > FeedbackStore.MaxNoteLength })
            errors["note"] = [$"Note has {note.Length:N0} characters; the limit is {FeedbackStore.MaxNoteLength:N0}."];
        return errors;
    }

    /// <summary>
    /// Stores feedback from <paramref name="userId"/>: pending, or decided at once when <paramref name="isAdmin"/>. Throws
    /// <see cref="ArgumentException"/> for invalid input (see <see cref="Validate"/>), and what scoring throws when nothing
    /// can score the sentence (<see cref="AnalysisUnavailableException"/>, <see cref="Core.Inference.InferenceBusyException"/>).
    /// </summary>
    public async Task<FeedbackCreated> SubmitAsync(string userId, bool isAdmin, string? text, string? kind, string? note, CancellationToken cancellationToken = default)
    {
        var errors = Validate(text, kind, note);
        if (errors.Count > 0) throw new ArgumentException(string.Join(" ", errors.Values.SelectMany(e => e)));
        var sentence = text!.Trim();
        var (scored, model, _) = await scorer.ScoreSentencesAsync([new SentenceSpan(0, sentence.Length, sentence)],
            new ScoringSettings(_options.Threshold), cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var status = isAdmin ? FeedbackStatuses.Decided : FeedbackStatuses.Pending;
        var item = new FeedbackItem
        {
            Text = sentence,
            Kind = kind!,
            Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
            // The model's own kind, not a team decision's that may already apply to the sentence.
            ModelKind = scored[0].ModelKind ?? scored[0].Kind,
            Probability = scored[0].Probability,
            ModelName = model.Name,
            ModelVersion = model.Version,
            Status = status,
            UserId = userId,
            CreatedAt = now,
            DecidedById = isAdmin ? userId : null,
            DecidedAt = isAdmin ? now : null,
        };
        var usage = new UsageEvent
        {
            UserId = userId,
            At = now,
            Channel = UsageChannels.Feedback,
            Explain = "none",
            Sentences = 1,
            Characters = sentence.Length,
            Outcome = UsageOutcomes.Ok,
        };
        var id = await store.AddAsync(item, usage, cancellationToken);
        if (isAdmin) await decisions.RefreshAsync(cancellationToken);
        return new FeedbackCreated(id, status);
    }

    /// <summary>
    /// For the pages: sends <paramref name="user"/>'s <paramref name="choice"/> on <paramref name="text"/>; null when stored,
    /// else why not, in words for the user.
    /// </summary>
    public async Task<string?> TrySubmitAsync(ClaimsPrincipal user, string text, FeedbackChoice choice, CancellationToken cancellationToken = default)
    {
        if (user.FindFirstValue(ClaimTypes.NameIdentifier) is not { Length: > 0 } userId) return "Sign in to send feedback.";
        try
        {
            await SubmitAsync(userId, user.IsInRole(Roles.Admin), text, choice.Kind, choice.Note, cancellationToken);
            return null;
        }
        catch (Exception ex) when (ex is ArgumentException or AnalysisUnavailableException or InferenceBusyException)
        {
            return ex.Message;
        }
    }

    /// <summary>Items in <paramref name="status"/> (<see cref="FeedbackStatuses"/>), newest first.</summary>
    public async Task<IReadOnlyList<FeedbackView>> ListAsync(string status, CancellationToken cancellationToken = default) =>
        (await store.ListAsync(status, cancellationToken)).Select(FeedbackView.From).ToList();

    /// <summary>Accepts or rejects pending item <paramref name="id"/> for admin <paramref name="adminId"/>.</summary>
    public async Task<FeedbackTransition> DecideAsync(long id, bool accept, string adminId, CancellationToken cancellationToken = default)
    {
        var result = await store.DecideAsync(id, accept, adminId, time.GetUtcNow().UtcDateTime, cancellationToken);
        // This replica applies the decision at once; the others see it on their next poll (TeamDecisions).
        if (result == FeedbackTransition.Done && accept) await decisions.RefreshAsync(cancellationToken);
        return result;
    }

    /// <summary>Revokes team decision <paramref name="id"/> for admin <paramref name="adminId"/>; sentences follow the model again.</summary>
    public async Task<FeedbackTransition> RevokeAsync(long id, string adminId, CancellationToken cancellationToken = default)
    {
        var result = await store.RevokeAsync(id, adminId, time.GetUtcNow().UtcDateTime, cancellationToken);
        if (result == FeedbackTransition.Done) await decisions.RefreshAsync(cancellationToken);
        return result;
    }

    /// <summary>How often analysts agreed with the model, per model version and per model kind (<see cref="FeedbackAgreement"/>).</summary>
    public Task<FeedbackAgreement> AgreementAsync(CancellationToken cancellationToken = default) => store.AgreementAsync(cancellationToken);

    /// <summary>The team decisions as the training CSV (<see cref="FeedbackExport"/>).</summary>
    public async Task<string> ExportCsvAsync(CancellationToken cancellationToken = default)
    {
        await using var writer = new StringWriter();
        FeedbackExport.WriteCsv(await store.DecisionsAsync(cancellationToken), writer);
        return writer.ToString();
    }
}
