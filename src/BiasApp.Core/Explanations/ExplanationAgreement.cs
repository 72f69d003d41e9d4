namespace BiasApp.Core.Explanations;

/// <summary>
/// How far two word attributions of the same sentence (SHAP and LIME) agree, as in HEARTS.
/// </summary>
/// <param name="Cosine">Cosine similarity, −1…1. 1 when both vectors are zero, 0 when only one is.</param>
/// <param name="Pearson">Pearson correlation, −1…1. 0 (no evidence) when either vector is constant, e.g. a single word.</param>
/// <param name="JensenShannon">
/// Jensen–Shannon divergence (base 2, so 0…1) of the absolute values normalised to sum 1; compares where the
/// mass of the explanation lies regardless of sign. 0 when both vectors are zero, 1 when only one is.
/// </param>
/// <param name="Confidence">The mean of (Cosine+1)/2, (Pearson+1)/2 and 1 − JensenShannon, 0…1.</param>
public sealed record ExplanationAgreement(double Cosine, double Pearson, double JensenShannon, double Confidence)
{
    /// <summary>Compares <paramref name="a"/> and <paramref name="b"/>, which must have the same length.</summary>
    public static ExplanationAgreement Compute(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length != b.Length) throw new ArgumentException("Attributions differ in length.", nameof(b));
        var cosine = CosineOf(a, b);
        var pearson = PearsonOf(a, b);
        var jsd = JensenShannonOf(a, b);
        var confidence = Math.Clamp(((cosine + 1) / 2 + (pearson + 1) / 2 + (1 - jsd)) / 3, 0, 1);
        return new ExplanationAgreement(cosine, pearson, jsd, confidence);
    }

    /// <summary>Compares the values of two attributions of the same words.</summary>
    public static ExplanationAgreement Compute(IReadOnlyList<WordAttribution> a, IReadOnlyList<WordAttribution> b) =>
        Compute(a.Select(w => w.Value).ToArray(), b.Select(w => w.Value).ToArray());

    private static double CosineOf(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        if (na == 0 && nb == 0) return 1;
        if (na == 0 || nb == 0) return 0;
        return Math.Clamp(dot / (Math.Sqrt(na) * Math.Sqrt(nb)), -1, 1);
    }

    private static double PearsonOf(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length < 2) return 0;
        double ma = 0, mb = 0;
        for (var i = 0; i < a.Length; i++) { ma += a[i]; mb += b[i]; }
        ma /= a.Length;
        mb /= b.Length;
        double cov = 0, va = 0, vb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            cov += (a[i] - ma) * (b[i] - mb);
            va += (a[i] - ma) * (a[i] - ma);
            vb += (b[i] - mb) * (b[i] - mb);
        }
        if (va == 0 || vb == 0) return 0;
        return Math.Clamp(cov / (Math.Sqrt(va) * Math.Sqrt(vb)), -1, 1);
    }

    private static double JensenShannonOf(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sa = 0, sb = 0;
        for (var i = 0; i < a.Length; i++) { sa += Math.Abs(a[i]); sb += Math.Abs(b[i]); }
        if (sa == 0 && sb == 0) return 0;
        if (sa == 0 || sb == 0) return 1;
        double divergence = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var p = Math.Abs(a[i]) / sa;
            var q = Math.Abs(b[i]) / sb;
            var m = (p + q) / 2;
            if (p > 0) divergence += 0.5 * p * Math.Log2(p / m);
            if (q > 0) divergence += 0.5 * q * Math.Log2(q / m);
        }
        return Math.Clamp(divergence, 0, 1);
    }
}
