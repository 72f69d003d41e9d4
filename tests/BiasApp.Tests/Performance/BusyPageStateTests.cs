using BiasApp.Analysis;
using BiasApp.Core.Analysis;
using BiasApp.Core.Inference;

namespace BiasApp.Tests.Performance;

public sealed class BusyPageStateTests
{
    [Fact]
    public async Task TheAnalysisPageSaysTheServiceIsBusyWhenTheGateRefuses()
    {
        var state = new AnalyzePageState(100) { Text = "Dogs bark." };
        await state.RunAsync((_, _) => Task.FromException<DocumentAnalysis>(new InferenceBusyException(TimeSpan.FromSeconds(2))));

        Assert.Equal("The service is busy; please try again in a few seconds.", state.Error);
        Assert.Null(state.UnexpectedFailure);
        Assert.False(state.IsRunning);
    }
}
