using BiasApp.Analysis;
using BiasApp.Api;
using BiasApp.Components;
using BiasApp.Health;
using BiasApp.Performance;

// The repository-root appsettings.json and wwwroot/ are linked into the output, so the base directory is the
// content root both for `dotnet run --project src/BiasApp` and for a published folder.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory,
    WebRootPath = "wwwroot",
});

builder.AddApi();
builder.AddAnalysis();
builder.AddHealth();
builder.AddUi();
builder.AddPerformance();

var app = builder.Build();

app.UseApi();
app.MapUi();
app.MapAnalysisEndpoints();
app.MapHealthEndpoints();
app.MapPerformanceEndpoints();

app.Run();

/// <summary>Entry point, public for <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
