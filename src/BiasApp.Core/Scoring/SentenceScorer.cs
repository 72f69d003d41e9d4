using BiasApp.Core.Analysis;
using BiasApp.Core.Classification;
using BiasApp.Core.Decisions;
using BiasApp.Core.Rules;
using BiasApp.Core.Segmentation;

namespace BiasApp.Core.Scoring;

/// <summary>
/// The one scoring pipeline behind the page, the API and batches: segment → too short → rules → cache → classify (and explain)
/// → label → needs review. Sentences of fewer than <see cref="ShortSentences.MinWords"/> words are not scored (no model, no rules
/// verdict, no explanation): they are <see cref="Labels.TooShort"/> with probability 0. With the model loaded, a sentence it
/// does not flag while a high-severity rule fires is marked <see cref="AnalyzedSentence.Review"/>; without it, the rules are
/// the verdict. A model with a kind head gives each sentence its <see cref="AnalyzedSentence.Kind"/>, and the kind decides
/// <see cref="AnalyzedSentence.Flagged"/>; without one, the content label does. Last, a team decision on the sentence or a
/// near-duplicate of it (<see cref="DecisionBook"/>) sets the kind, keeping the model's in <see cref="AnalyzedSentence.ModelKind"/>;
/// it comes after the result cache, so a new or revoked decision applies at once. The embedding a near-duplicate is found by
/// comes from the model run that classifies the sentence and is cached with its result; only a cached result stored without
/// one needs a run for it. Singleton.
/// </summary>
public sealed class SentenceScorer(ModelHost models, SentenceSegmenter segmenter, RuleDetector rules, SentencePredictor predictor, DecisionBook decisions)
{
    /// <summary>What answers right now.</summary>
    public AnalysisMode Mode => models.Mode;

    /// <summary>The loaded model; null when it is switched off or failed to load (see <see cref="LoadError"/>).</summary>
    public IStereotypeClassifier? Classifier => models.Classifier;

    /// <summary>Why the model is not loaded; null when it is.</summary>
    public string? LoadError => models.LoadError;

    /// <summary>Why <paramref name="mode"/> cannot be served; null when it can.</summary>
    public string? UnavailableReason(Explanations.ExplanationMode mode) => predictor.UnavailableReason(mode);

    /// <summary>The sentences of <paramref name="text"/>, as the pipeline splits them.</summary>
    public IReadOnlyList<SentenceSpan> Segment(string text) => segmenter.Split(text);

    /// <summary>
    /// Scores every sentence of <paramref name="texts"/>; the model sees all sentences not found in the cache in one call.
    /// Throws <see cref="AnalysisUnavailableException"/> when neither the model nor the rules can answer.
    /// </summary>
    public async Task<ScoredTexts> ScoreAsync(IReadOnlyList<string> texts, ScoringSettings settings, CancellationToken cancellationToken = default)
    {
        var spans = texts.Select(segmenter.Split).ToArray();
        var (flat, model, mode) = await ScoreSentencesAsync(spans.SelectMany(s => s).ToArray(), settings, cancellationToken);
        var results = new IReadOnlyList<AnalyzedSentence>[texts.Count];
        var next = 0;
        for (var t = 0; t < texts.Count; t++)
        {
            results[t] = flat[next..(next + spans[t].Count)];
            next += spans[t].Count;
        }
        return new ScoredTexts(results, model, mode);
    }

    /// <summary>
    /// Scores <paramref name="sentences"/> (from <see cref="Segment"/>), keeping their offsets; the model sees all those not
    /// found in the cache in one call. Throws <see cref="AnalysisUnavailableException"/> when nothing can answer.
    /// </summary>
    public async Task<(AnalyzedSentence[] Sentences, ModelInfo Model, AnalysisMode Mode)> ScoreSentencesAsync(
        IReadOnlyList<SentenceSpan> sentences, ScoringSettings settings, CancellationToken cancellationToken = default)
    {
        var classifier = models.Classifier;
        var useRules = models.RulesEnabled;
        if (classifier is null && !useRules)
            throw new AnalysisUnavailableException($"The stereotype model is not available: {models.LoadError}");

        var tooShort = sentences.Select(s => ShortSentences.IsTooShort(s.Text)).ToArray();
        // The rules answer alone when no model is loaded, and add their hits beside the model's verdicts. They cost about as
        // much CPU per sentence as the model, so they run beside it rather than before it.
        var matching = useRules
            ? Task.Run(() => sentences.Select(s => rules.Score(s.Text)).ToArray(), cancellationToken)
            : Task.FromResult<RuleVerdict[]>([]);

        var predictions = new Prediction?[sentences.Count];
        var explanations = new Explanations.SentenceExplanation?[sentences.Count];
        var scored = Enumerable.Range(0, sentences.Count).Where(i => !tooShort[i]).ToArray();
        // Decisions in force for this whole call: the exact ones now, near-duplicates from the embedding the model run gives.
        var matcher = decisions.Current;
        var matches = new DecisionMatch?[sentences.Count];
        if (matcher.Count > 0)
            foreach (var i in scored) matches[i] = matcher.MatchExact(sentences[i].Text);
        RuleVerdict[]? verdicts;
        if (classifier is null)
        {
            verdicts = await matching;
            foreach (var i in scored) predictions[i] = RulePrediction(verdicts[i]);
        }
        else
        {
            var embed = matcher.MatchesNearDuplicates && classifier.HasEmbedding
                ? scored.Select(i => matches[i] is null).ToArray()
                : null;
            var found = await predictor.PredictAsync(classifier, scored.Select(i => sentences[i]).ToArray(), settings, embed, cancellationToken);
            verdicts = useRules ? await matching : null;
            for (var j = 0; j < scored.Length; j++)
            {
                predictions[scored[j]] = found[j].Prediction;
                explanations[scored[j]] = found[j].Explanation;
                if (embed?[j] == true && found[j].Embedding is { } embedding) matches[scored[j]] = matcher.MatchEmbedding(sentences[scored[j]].Text, embedding);
            }
        }

        var results = new AnalyzedSentence[sentences.Count];
        for (var i = 0; i < results.Length; i++)
            results[i] = Decide(Verdict(sentences[i], predictions[i], explanations[i], verdicts?[i], settings.Threshold, classifier is not null), matches[i]);
        var model = classifier is not null
            ? new ModelInfo(classifier.Card.Name, classifier.Card.Version)
            : new ModelInfo("rules", rules.Lexicon.Version);
        return (results, model, classifier is not null ? AnalysisMode.Model : AnalysisMode.Rules);
    }

    // Not in the result cache: the cache holds what the model said, and decisions change under it.
    private static AnalyzedSentence Decide(AnalyzedSentence result, DecisionMatch? match) => match is not { } m ? result : result with
    {
        Kind = m.Decision.Kind,
        KindCue = KindCues.Describe(result.Text, m.Decision.Kind),
        Decision = AppliedDecision.From(m),
        // The team has looked at it: the rules and the model disagreeing no longer needs a person.
        Review = false,
    };

    private static AnalyzedSentence Verdict(SentenceSpan s, Prediction? prediction, Explanations.SentenceExplanation? explanation,
        RuleVerdict? verdict, double threshold, bool byModel)
    {
        // Rule hits stay on too-short sentences: a lone slur is still worth underlining, though not worth a verdict.
        var hits = verdict?.Matches.Select(m => ToHit(m, s.Start)).ToArray();
        if (prediction is not { } p)
            return new AnalyzedSentence(s.Start, s.Length, s.Text, Labels.TooShort, 0f) { RuleHits = hits };
        var label = p.Probability >= threshold ? Labels.Stereotype : Labels.NotStereotype;
        // A model with a kind head says the kind; for any other the content label is the only verdict there is.
        var kind = p.Kind ?? Kinds.FromLabel(label);
        var flagged = Kinds.Flags(kind);
        return new AnalyzedSentence(s.Start, s.Length, s.Text, label, p.Probability, p.Axis, p.Axis is null ? null : p.AxisProbability)
        {
            Kind = kind,
            ModelKind = kind,
            KindCue = KindCues.Describe(s.Text, kind),
            // Cached explanations hold sentence offsets; the answer gives offsets into the text.
            Explanation = explanation?.ShiftedBy(s.Start),
            RuleHits = hits,
            // Only the model can disagree with the rules; in rules mode the rules are the verdict.
            Review = byModel && !flagged && hits?.Any(h => h.IsHighSeverity) == true,
        };
    }

    // In rules mode the verdict's score stands in for the probability, and the axis of the strongest generalisation for the model's axis.
    private static Prediction RulePrediction(RuleVerdict verdict)
    {
        var axis = verdict.Matches.Where(m => m.Kind == RuleKind.Generalisation && !m.Negated).Select(m => m.Axis).FirstOrDefault(a => a is not null);
        return new Prediction((float)verdict.Score, axis, axis is null ? 0f : (float)verdict.Score);
    }

    private static RuleHit ToHit(RuleMatch m, int sentenceStart) => new(
        sentenceStart + m.Start, m.Length, m.Text, m.RuleId,
        m.Kind == RuleKind.Generalisation ? "generalisation" : "loaded_term",
        m.Axis, m.Severity.ToString().ToLowerInvariant(), m.Suggestion, m.Negated, m.Quoted);
}
