namespace BiasApp.Core.Reports;

/// <summary>The app theme's colours (MudBlazor's default palette) that reports use, so a report looks like the pages.</summary>
public static class ReportPalette
{
    /// <summary>Bars of the rate charts (primary).</summary>
    public static readonly (byte R, byte G, byte B) Primary = (0x59, 0x4A, 0xE2);

    /// <summary>Stereotype, and the rate heatmap's scale (error).</summary>
    public static readonly (byte R, byte G, byte B) Error = (0xF4, 0x43, 0x36);

    /// <summary>Portrayal (warning).</summary>
    public static readonly (byte R, byte G, byte B) Warning = (0xFF, 0x98, 0x00);
}
