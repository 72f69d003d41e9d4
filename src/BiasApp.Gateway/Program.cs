using BiasApp.Gateway;

// The gateway in front of several BiasApp replicas (deploy/, README "Scaling out"). Everything it does is in
// GatewayExtensions; the replicas are listed in configuration (ReverseProxy:Clusters:app:Destinations).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory,
});

builder.AddGateway();

var app = builder.Build();

app.MapGateway();

app.Run();
