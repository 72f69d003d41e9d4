using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BiasApp.Core.Rules;

public static class RulesServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="RulesOptions"/> (validated on start) and a singleton <see cref="RuleDetector"/> built from
    /// <see cref="RulesOptions.LexiconPath"/> or the embedded lexicon. The host binds the options, e.g.
    /// <c>services.Configure&lt;RulesOptions&gt;(configuration.GetSection(RulesOptions.Section))</c>.
    /// A malformed lexicon fails with a <see cref="LexiconException"/> when the detector is first resolved.
    /// </summary>
    public static IServiceCollection AddBiasRules(this IServiceCollection services)
    {
        services.AddOptions<RulesOptions>().ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<RulesOptions>>().Value;
            var path = options.ResolveLexiconPath(AppContext.BaseDirectory);
            var lexicon = path is null ? Lexicon.LoadEmbedded() : Lexicon.LoadFile(path);
            return new RuleDetector(lexicon, TimeSpan.FromMilliseconds(options.MatchTimeoutMilliseconds));
        });
        return services;
    }
}
