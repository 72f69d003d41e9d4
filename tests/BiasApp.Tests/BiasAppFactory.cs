using Microsoft.AspNetCore.Mvc.Testing;

namespace BiasApp.Tests;

/// <summary>The real app over the committed model folder.</summary>
public sealed class BiasAppFactory : WebApplicationFactory<Program>
{
    /// <summary>A copy of the app whose model folder does not exist.</summary>
    public WebApplicationFactory<Program> WithoutModel() =>
        WithWebHostBuilder(builder => builder.UseSetting("Model:Path", Path.Combine(Path.GetTempPath(), "biasapp-missing-" + Guid.NewGuid().ToString("N"))));
}
