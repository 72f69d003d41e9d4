namespace BiasApp.Bench;

/// <summary>
/// Generated English sentences, stereotyped and neutral, of 6–25 words: millions of distinct ones (so the result cache
/// does not answer the benchmark) plus, one time in ten, one of a few popular sentences that real traffic repeats.
/// </summary>
internal static class Texts
{
    private static readonly string[] Subjects =
    [
        "Women", "Men", "Old people", "Teenagers", "Immigrants", "Muslims", "Christians", "Nurses", "Engineers", "Farmers",
        "People from the city", "Mothers", "Fathers", "Students", "Lawyers", "Doctors", "Football fans", "Gamers", "Artists", "Politicians",
        "My neighbours", "The new colleagues", "Most drivers", "Young girls", "Retired teachers",
    ];

    private static readonly string[] Claims =
    [
        "are always bad at maths", "cannot be trusted with money", "are too emotional to lead a team", "are lazy and never work hard",
        "are naturally better at cooking", "all drive badly", "are hopeless with new technology", "are more likely to commit crimes",
        "met at the library on Tuesday", "usually take the bus to work", "organised a charity run last spring", "were interviewed for the local paper",
        "often ask thoughtful questions", "planted trees along the river", "have different opinions on the new law", "shared their lunch with visitors",
        "tend to be loud and aggressive", "only care about themselves", "should stay at home with the children", "discussed the budget for two hours",
    ];

    private static readonly string[] Tails =
    [
        "", " in this town", ", according to the article", " every single time", " at the meeting yesterday",
        ", which surprised nobody", " and everyone knows it", " during the summer holidays", " in my experience", " as the report describes",
    ];

    private static readonly string[] Places =
    [
        "Leeds", "Porto", "Lyon", "Graz", "Turku", "Ghent", "Bergen", "Cork", "Malmö", "Bilbao", "Brno", "Split", "Tartu", "Kraków",
        "Aarhus", "Utrecht", "Basel", "Bologna", "Nantes", "Seville",
    ];

    /// <summary>One sentence picked by <paramref name="random"/>.</summary>
    public static string Sentence(Random random)
    {
        if (random.Next(10) == 0)
            return $"{Subjects[random.Next(4)]} {Claims[random.Next(4)]}.";
        return $"{Subjects[random.Next(Subjects.Length)]} in {Places[random.Next(Places.Length)]} {Claims[random.Next(Claims.Length)]}{Tails[random.Next(Tails.Length)]} since {random.Next(1950, 2026)}.";
    }

    /// <summary>A document of <paramref name="count"/> sentences.</summary>
    public static string Document(Random random, int count) =>
        string.Join(" ", Enumerable.Range(0, count).Select(_ => Sentence(random)));
}
