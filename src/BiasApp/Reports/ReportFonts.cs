using BiasApp.Core.Reports;
using Microsoft.Extensions.Options;

namespace BiasApp.Reports;

/// <summary>The PDF fonts, read once on first use; a warning is logged when the built-in fallback has to be used.</summary>
public sealed class ReportFonts(IOptions<ReportOptions> options, ILogger<ReportFonts> logger)
{
    private readonly Lazy<PdfReportFonts> _fonts = new(() =>
    {
        var fonts = PdfReportFonts.Load(options.Value.FontPath, options.Value.BoldFontPath, out var problem);
        if (problem is not null)
        {
            logger.LogWarning("PDF reports use the built-in Helvetica, which shows only ASCII: {Problem}. Install fonts-dejavu-core or set Reports:FontPath and Reports:BoldFontPath", problem);
        }
        return fonts;
    });

    public PdfReportFonts Fonts => _fonts.Value;
}
