using BiasApp.Data;

namespace BiasApp.Feedback;

/// <summary>Registration of the feedback feature: verdict feedback, the admins' review queue and the training export.</summary>
public static class FeedbackExtensions
{
    public static WebApplicationBuilder AddFeedback(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<FeedbackStore>();
        builder.Services.AddSingleton<FeedbackService>();
        builder.Services.AddOptions<Core.Decisions.DecisionOptions>().BindConfiguration(Core.Decisions.DecisionOptions.Section);
        builder.Services.AddSingleton<TeamDecisions>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<TeamDecisions>());
        return builder;
    }
}
