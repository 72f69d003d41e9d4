namespace BiasApp.Research.Evaluation;

/// <summary>Function words (articles, prepositions, pronouns, auxiliaries…), which should rarely be a sentence's top word.</summary>
public static class FunctionWords
{
    private static readonly HashSet<string> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "an", "the", "and", "or", "but", "nor", "so", "yet", "if", "then", "than", "as", "because", "while", "though",
        "of", "in", "on", "at", "to", "for", "from", "by", "with", "about", "into", "onto", "over", "under", "up", "down", "out",
        "off", "after", "before", "between", "through", "during", "without", "within", "upon", "against", "among",
        "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did", "have", "has", "had", "will", "would",
        "shall", "should", "can", "could", "may", "might", "must", "it", "its", "it's", "this", "that", "these", "those",
        "he", "she", "they", "them", "their", "theirs", "his", "her", "hers", "him", "we", "us", "our", "you", "your", "i", "me",
        "my", "who", "whom", "whose", "which", "what", "there", "here", "very", "too", "also", "just", "all", "some", "any",
        "such", "not", "no", "more", "most", "much", "many", "each", "every", "both", "either", "neither", "one",
    };

    /// <summary>A unit is a function word when its letters (punctuation stripped) are one, or when it has none.</summary>
    public static bool IsFunction(string unit)
    {
        var letters = new string(unit.Where(c => char.IsLetterOrDigit(c) || c == '\'').ToArray()).Trim('\'');
        return letters.Length == 0 || Words.Contains(letters);
    }
}
