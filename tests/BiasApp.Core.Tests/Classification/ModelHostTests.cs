using BiasApp.Core.Classification;
using Microsoft.Extensions.Options;

namespace BiasApp.Core.Tests.Classification;

public sealed class ModelHostTests
{
    [Fact]
    public void LoadsTheConfiguredModelAndAnswersInModelMode()
    {
        using var host = new ModelHost(Options.Create(new ClassifierOptions { Path = ModelFolder.Path }));
        Assert.True(host.IsLoaded);
        Assert.Null(host.LoadError);
        Assert.Equal(AnalysisMode.Model, host.Mode);
    }

    [Fact]
    public void MissingModelIsRecordedInsteadOfThrown()
    {
        var missing = Path.Combine(Path.GetTempPath(), "biasapp-no-model-" + Guid.NewGuid().ToString("N"));
        using var host = new ModelHost(Options.Create(new ClassifierOptions { Path = missing }));
        Assert.False(host.IsLoaded);
        Assert.Contains("not found", host.LoadError);
        Assert.Equal(AnalysisMode.Unavailable, host.Mode);
    }

    [Fact]
    public void DisabledModelIsNotLoaded()
    {
        using var host = new ModelHost(Options.Create(new ClassifierOptions { Path = ModelFolder.Path, Enabled = false }));
        Assert.False(host.IsLoaded);
        Assert.Contains("Model:Enabled", host.LoadError);
    }
}
