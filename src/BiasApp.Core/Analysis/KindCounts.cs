namespace BiasApp.Core.Analysis;

/// <summary>How many sentences (or rows) are of each <see cref="Kinds"/> value.</summary>
public sealed record KindCounts(int Stereotype, int Portrayal, int Reported, int None)
{
    /// <summary>Counts the kinds of <paramref name="kinds"/>; an unknown value counts as none.</summary>
    public static KindCounts Of(IEnumerable<string> kinds)
    {
        int stereotype = 0, portrayal = 0, reported = 0, none = 0;
        foreach (var kind in kinds)
        {
            switch (kind)
            {
                case Analysis.Kinds.Stereotype: stereotype++; break;
                case Analysis.Kinds.Portrayal: portrayal++; break;
                case Analysis.Kinds.Reported: reported++; break;
                default: none++; break;
            }
        }
        return new KindCounts(stereotype, portrayal, reported, none);
    }

    /// <summary>The count for <paramref name="kind"/>.</summary>
    public int this[string kind] => kind switch
    {
        Analysis.Kinds.Stereotype => Stereotype,
        Analysis.Kinds.Portrayal => Portrayal,
        Analysis.Kinds.Reported => Reported,
        _ => None,
    };
}
