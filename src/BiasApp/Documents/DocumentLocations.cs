using BiasApp.Core.Documents;

namespace BiasApp.Documents;

/// <summary>How the page writes a sentence's location.</summary>
public static class DocumentLocations
{
    /// <summary>"p. 3 · ¶ 2 · Heading": the page where there is one, the paragraph, the heading where there is one.</summary>
    public static string Describe(SentenceLocation location)
    {
        var parts = new List<string>(3);
        if (location.Page is { } page) parts.Add($"p. {page}");
        parts.Add($"¶ {location.Paragraph}");
        if (location.Heading is { } heading) parts.Add(heading.Length > 60 ? heading[..59] + "…" : heading);
        return string.Join(" · ", parts);
    }
}
