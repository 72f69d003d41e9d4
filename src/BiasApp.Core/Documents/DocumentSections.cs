using BiasApp.Core.Analysis;

namespace BiasApp.Core.Documents;

/// <summary>The summary of an analysed document by section.</summary>
public static class DocumentSections
{
    /// <summary>
    /// The sections of <paramref name="sentences"/> (in document order, with <see cref="AnalyzedSentence.Location"/>): a new
    /// section starts wherever the heading changes. Sentences without a location form one section without a heading.
    /// </summary>
    public static IReadOnlyList<DocumentSection> Of(IReadOnlyList<AnalyzedSentence> sentences)
    {
        var sections = new List<DocumentSection>();
        var start = 0;
        for (var i = 1; i <= sentences.Count; i++)
        {
            if (i < sentences.Count && sentences[i].Location?.Heading == sentences[start].Location?.Heading) continue;
            var part = sentences.Skip(start).Take(i - start).ToArray();
            sections.Add(new DocumentSection(part[0].Location?.Heading, part[0].Location?.Page, part.Length,
                part.Count(s => s.Flagged), part.Count(s => s.Review), part.Max(s => s.Probability)));
            start = i;
        }
        return sections;
    }
}
