using BiasApp.Accounts;
using BiasApp.Admin;
using BiasApp.Analysis;
using BiasApp.Api;
using BiasApp.Batches;
using BiasApp.Components;
using BiasApp.Documents;
using BiasApp.Explanations;
using BiasApp.Feedback;
using BiasApp.Data;
using BiasApp.Health;
using BiasApp.Hosting;
using BiasApp.Redis;
using BiasApp.Reports;
using BiasApp.Usage;
using BiasApp.Performance;

// The repository-root appsettings.json and wwwroot/ are linked into the output, so the base directory is the
// content root both for `dotnet run --project src/BiasApp` and for a published folder.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory,
    WebRootPath = "wwwroot",
});

builder.AddHosting();
builder.AddApi();
builder.AddData();
builder.AddAccounts();
builder.AddAnalysis();
builder.AddDocuments();
builder.AddExplanations();
builder.AddBatches();
builder.AddReports();
builder.AddFeedback();
builder.AddRedis();
builder.AddUsage();
builder.AddAdmin();
builder.AddHealth();
builder.AddUi();
builder.AddPerformance();

var app = builder.Build();

app.UseMetricsPort();
app.UseForwardedHttps();
app.UseApi();
app.UseAccounts();
app.UseSameOriginCheck();
app.UseUsage();
app.MapUi();
app.MapAccountEndpoints();
app.MapAnalysisEndpoints();
app.MapDocumentEndpoints();
app.MapBatchEndpoints();
app.MapReportEndpoints();
app.MapFeedbackEndpoints();
app.MapUsageEndpoints();
app.MapAdminEndpoints();
app.MapHealthEndpoints();
app.MapApiReference();

return await app.RunAppAsync();

/// <summary>Entry point, public for <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
