using BiasApp.Core.Analysis;
namespace BiasApp.Data;

/// <summary>
/// How often analysts agreed with the model, over the pending and accepted feedback: in all, per model version and per
/// kind the model gave. Rejected and revoked items are left out (an admin judged the analyst's kind wrong, or took the
/// decision back) and only counted.
/// </summary>
/// <param name="Total">Every pending and accepted item.</param>
/// <param name="ByVersion">Per model (<c>name@version</c>), the most recently used first.</param>
/// <param name="ByKind">Per kind the model gave (<see cref="Kinds"/> order), over every version.</param>
/// <param name="Rejected">Rejected items, left out.</param>
/// <param name="Revoked">Revoked decisions, left out.</param>
public sealed record FeedbackAgreement(AgreementRow Total, IReadOnlyList<AgreementRow> ByVersion, IReadOnlyList<AgreementRow> ByKind, int Rejected, int Revoked);

/// <summary>
/// Agreement in one group of feedback items. An item agrees when the analyst's kind is the model's own kind (the page's
/// <i>Agree</i> sends exactly that).
/// </summary>
/// <param name="Group">The model (<c>name@version</c>), the model's kind, or <c>all</c>.</param>
/// <param name="Items">Pending and accepted items.</param>
/// <param name="Agreed">Those whose kind is the model's kind.</param>
/// <param name="Pending">Items still waiting for an admin.</param>
/// <param name="Decided">Items an admin accepted, or sent.</param>
public sealed record AgreementRow(string Group, int Items, int Agreed, int Pending, int Decided)
{
    /// <summary>z for a two-sided 95% interval.</summary>
    private const double Z = 1.959963984540054;

    /// <summary>Agreed / items; null without items.</summary>
    public double? Rate => Items == 0 ? null : (double)Agreed / Items;

    /// <summary>Lower end of the 95% Wilson score interval of <see cref="Rate"/>; null without items.</summary>
    public double? Low => Wilson(-1);

    /// <summary>Upper end of the 95% Wilson score interval of <see cref="Rate"/>; null without items.</summary>
    public double? High => Wilson(+1);

    private double? Wilson(int sign)
    {
        if (Items == 0) return null;
        double n = Items, p = (double)Agreed / Items, z2 = Z * Z;
        var centre = p + z2 / (2 * n);
        var spread = Z * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return Math.Clamp((centre + sign * spread) / (1 + z2 / n), 0, 1);
    }
}
