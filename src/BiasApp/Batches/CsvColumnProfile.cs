namespace BiasApp.Batches;

/// <summary>What a CSV column holds, to pick the text column and warn about a label-like one.</summary>
/// <param name="Name">Header name.</param>
/// <param name="Values">Non-blank values.</param>
/// <param name="Distinct">Distinct non-blank values (case-insensitive), counted up to a little over 1,000.</param>
/// <param name="SingleWord">Values without whitespace.</param>
/// <param name="AverageLength">Mean length of the non-blank values.</param>
public sealed record CsvColumnProfile(string Name, int Values, int Distinct, int SingleWord, double AverageLength)
{
    /// <summary>Below this many values the distinct-value test says nothing.</summary>
    public const int MinValuesForDistinctTest = 10;

    /// <summary>
    /// Why the column looks like a label rather than text: more than half its values are one word, or (from
    /// <see cref="MinValuesForDistinctTest"/> values) each distinct value appears five times or more on average. Null when it looks like text.
    /// </summary>
    public string? LabelWarning =>
        Values == 0 ? $"Column '{Name}' is empty."
        : SingleWord * 2 > Values ? $"Column '{Name}' looks like a label, not text: {SingleWord:N0} of its {Values:N0} values are a single word."
        : Values >= MinValuesForDistinctTest && Distinct * 5 <= Values ? $"Column '{Name}' looks like a label, not text: it has only {Distinct:N0} distinct values in {Values:N0} rows."
        : null;
}
