using BiasApp.Core.Documents;

namespace BiasApp.Documents;

/// <summary>How the page writes a sentence's location.</summary>
public static class DocumentLocations
{
    /// <summary>"p. 3 · ¶ 2 · Heading": the page where there is one, the paragraph, the heading where there is one.</summary>
    public static string Describe(SentenceLocation location) => Core.Reports.ReportBuilder.Where(location);
}
