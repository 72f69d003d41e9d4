using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace BiasApp.Tests;

/// <summary>The real app over the committed model folder.</summary>
public sealed class BiasAppFactory : WebApplicationFactory<Program>
{
    /// <summary>A copy of the app whose model folder does not exist.</summary>
    public WebApplicationFactory<Program> WithoutModel() =>
        WithWebHostBuilder(builder => builder.UseSetting("Model:Path", Path.Combine(Path.GetTempPath(), "biasapp-missing-" + Guid.NewGuid().ToString("N"))));

    // The test process hosts several apps and both test assemblies' work, so its working set says nothing about one
    // app's; the memory threshold has its own test (PerformanceApiTests).
    protected override void ConfigureWebHost(IWebHostBuilder builder) => builder.UseSetting("Health:MemoryThresholdMb", "1000000");
}
