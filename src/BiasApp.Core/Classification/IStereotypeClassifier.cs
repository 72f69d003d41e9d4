namespace BiasApp.Core.Classification;

/// <summary>
/// What the analysis needs from a classifier. <see cref="StereotypeClassifier"/> is the real one;
/// tests substitute a controllable fake (slow, failing) through this interface.
/// </summary>
public interface IStereotypeClassifier
{
    /// <summary>The model card: name, version, labels, axis labels, max length.</summary>
    ModelCard Card { get; }

    /// <summary>True when predictions carry a social-group axis.</summary>
    bool HasAxisHead { get; }

    /// <summary>True when predictions carry a sentence kind.</summary>
    bool HasKindHead => false;

    /// <summary>True when <see cref="Classify"/> normalises texts first (<see cref="SentenceNormaliser"/>); explanations then explain the normalised text.</summary>
    bool Normalises => false;

    /// <summary>True when <see cref="Embed"/> gives the model's pooled sentence embedding.</summary>
    bool HasEmbedding => false;

    /// <summary>The model's sentence embedding of each text, in input order; throws when <see cref="HasEmbedding"/> is false.</summary>
    float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("This classifier has no sentence embedding.");

    /// <summary>
    /// <see cref="Classify"/> and <see cref="Embed"/> of the same texts. The real classifier reads both from one model run;
    /// this default calls the two in turn. Throws when <see cref="HasEmbedding"/> is false.
    /// </summary>
    (Prediction[] Predictions, float[][] Embeddings) ClassifyAndEmbed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
        (Classify(texts, cancellationToken), Embed(texts, cancellationToken));

    /// <summary>Classifies texts in batches; results come back in input order.</summary>
    Prediction[] Classify(IReadOnlyList<string> texts, CancellationToken cancellationToken = default);
}
