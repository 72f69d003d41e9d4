namespace BiasApp.Research.Explanations;

/// <summary>The mean of independent per-word estimates, with its standard error.</summary>
internal static class IndependentEstimates
{
    /// <summary>
    /// Writes the mean of <paramref name="samples"/> estimates (given as their per-word sum and sum of squares) to
    /// <paramref name="values"/> and its standard error to <paramref name="errors"/>.
    /// </summary>
    public static void Summarise(double[] values, double[] errors, double[] sum, double[] sumSquares, int samples)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = sum[i] / samples;
            // One sample has no spread to measure: its value counts as noise (error = |value|).
            errors[i] = samples > 1
                ? Math.Sqrt(Math.Max(0, (sumSquares[i] - samples * values[i] * values[i]) / (samples - 1)) / samples)
                : Math.Abs(values[i]);
        }
    }
}
