using BiasApp.Core.Analysis;
using BiasApp.Core.Explanations;

namespace BiasApp.Explanations;

/// <summary>Registration of the explanations feature.</summary>
public static class ExplanationsExtensions
{
    /// <summary>The reference system's switches, honoured when set: they override <c>Explanations:Shap</c> / <c>Explanations:Lime</c>.</summary>
    public const string HeartsEnableShap = "HEARTS_ENABLE_SHAP";

    /// <inheritdoc cref="HeartsEnableShap"/>
    public const string HeartsEnableLime = "HEARTS_ENABLE_LIME";

    /// <summary>
    /// <see cref="ExplanationOptions"/> bound to <c>Explanations</c> (validated at start-up), with <c>HEARTS_ENABLE_SHAP</c> and
    /// <c>HEARTS_ENABLE_LIME</c> mapped onto them, and the <see cref="ISentenceExplainer"/> the analysis uses.
    /// </summary>
    public static WebApplicationBuilder AddExplanations(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ExplanationOptions>()
            .BindConfiguration(ExplanationOptions.Section)
            .Configure<IConfiguration>((options, configuration) =>
            {
                options.Shap = Switch(configuration, HeartsEnableShap) ?? options.Shap;
                options.Lime = Switch(configuration, HeartsEnableLime) ?? options.Lime;
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<ISentenceExplainer, ModelSentenceExplainer>();
        return builder;
    }

    /// <summary>true/false, 1/0, yes/no, on/off (any case); null when unset. Anything else fails at start-up rather than being guessed.</summary>
    private static bool? Switch(IConfiguration configuration, string key) =>
        configuration[key]?.Trim().ToLowerInvariant() switch
        {
            null or "" => null,
            "true" or "1" or "yes" or "on" => true,
            "false" or "0" or "no" or "off" => false,
            var other => throw new InvalidOperationException($"{key}='{other}' is not a switch; use true or false."),
        };
}
