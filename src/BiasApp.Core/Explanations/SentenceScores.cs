namespace BiasApp.Core.Explanations;

/// <summary>The two scores every explanation of a sentence starts from.</summary>
/// <param name="Full">f(x): the score of the sentence with every word.</param>
/// <param name="Empty">f(∅): the score with every feature word removed (the baseline).</param>
public readonly record struct SentenceScores(float Full, float Empty);
