using System.Reflection;

namespace BiasApp.Tests.ScaleOut;

public sealed class SkipReasonsTests
{
    [Fact]
    public void EverySkippedTestIsNamedWithItsReason()
    {
        var facts = typeof(SkipReasonsTests).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .SelectMany(m => m.GetCustomAttributes<FactAttribute>().Select(a => (Method: m, Fact: a)))
            .ToList();
        Assert.Contains(facts, f => f.Fact is PostgresFactAttribute);
        foreach (var (method, fact) in facts.Where(f => f.Fact.Skip is not null))
        {
            Assert.NotNull(fact.DisplayName);
            Assert.Contains(method.Name, fact.DisplayName);
            Assert.Contains(fact.Skip!, fact.DisplayName);
        }
    }

    [Fact]
    public void ASkipNamesTheTestAndTheReason() =>
        Assert.Equal(("no server", "ATest (skipped: no server)"), SkipReasons.Name("ATest", "no server"));
}
