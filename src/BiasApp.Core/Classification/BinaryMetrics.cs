namespace BiasApp.Core.Classification;

/// <summary>Confusion counts and the usual figures for a binary task (positive = stereotype).</summary>
public sealed record BinaryMetrics(int TruePositives, int FalsePositives, int TrueNegatives, int FalseNegatives)
{
    public int Total => TruePositives + FalsePositives + TrueNegatives + FalseNegatives;
    public double Accuracy => Total == 0 ? 0 : (double)(TruePositives + TrueNegatives) / Total;
    public double PositivePrecision => Ratio(TruePositives, TruePositives + FalsePositives);
    public double PositiveRecall => Ratio(TruePositives, TruePositives + FalseNegatives);
    public double PositiveF1 => F1(PositivePrecision, PositiveRecall);
    public double NegativePrecision => Ratio(TrueNegatives, TrueNegatives + FalseNegatives);
    public double NegativeRecall => Ratio(TrueNegatives, TrueNegatives + FalsePositives);
    public double NegativeF1 => F1(NegativePrecision, NegativeRecall);
    /// <summary>Unweighted mean of both classes' F1.</summary>
    public double MacroF1 => (PositiveF1 + NegativeF1) / 2;

    /// <summary>Counts predictions against gold labels (both true = stereotype).</summary>
    public static BinaryMetrics From(IReadOnlyList<bool> gold, IReadOnlyList<bool> predicted)
    {
        if (gold.Count != predicted.Count) throw new ArgumentException("gold and predicted differ in length");
        int tp = 0, fp = 0, tn = 0, fn = 0;
        for (var i = 0; i < gold.Count; i++)
        {
            switch (gold[i], predicted[i])
            {
                case (true, true): tp++; break;
                case (false, true): fp++; break;
                case (false, false): tn++; break;
                case (true, false): fn++; break;
            }
        }
        return new BinaryMetrics(tp, fp, tn, fn);
    }

    private static double Ratio(int a, int b) => b == 0 ? 0 : (double)a / b;
    private static double F1(double p, double r) => p + r == 0 ? 0 : 2 * p * r / (p + r);
}
