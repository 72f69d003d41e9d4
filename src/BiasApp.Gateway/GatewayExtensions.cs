using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace BiasApp.Gateway;

/// <summary>
/// A YARP reverse proxy for BiasApp replicas: cookie session affinity (a Blazor Server circuit lives in one replica's
/// memory, so a browser must keep reaching that replica), WebSockets passed through, active health checks on the
/// replicas' <c>/health/ready</c> plus passive ones on failed requests, and X-Forwarded-For/Proto/Host so the replicas
/// see the client. All of it is configuration in the <c>ReverseProxy</c> section of appsettings.json. Paths for operators
/// only (<c>/metrics</c>, <c>Gateway:InternalPaths</c>) are answered 404 and never forwarded.
/// </summary>
/// <remarks>
/// YARP rather than HAProxy or nginx: it is the same toolchain as the app (built, tested and published with the same SDK,
/// one more project in the solution), its routes, replicas, affinity and health checks are JSON configuration that
/// environment variables override (compose lists the replicas that way), and cookie affinity plus active health checks
/// are built in (nginx has active checks only in its commercial edition). The cost is one more .NET process; its memory
/// is measured in the README (Scaling out).
/// </remarks>
public static class GatewayExtensions
{
    public const string Section = "ReverseProxy";

    public static WebApplicationBuilder AddGateway(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<TrustedProxyOptions>().BindConfiguration(TrustedProxyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<TrustedProxyOptions>>((forwarded, proxies) => proxies.Value.ApplyTo(forwarded));
        builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection(Section));
        // YARP encrypts the affinity cookie (the destination id) with Data Protection. The cookie only has to outlive the
        // circuits it points at, and a gateway restart drops every WebSocket anyway, so in-memory keys are enough: no key
        // files in the container and no warning about unpersisted keys.
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        return builder;
    }

    public static WebApplication MapGateway(this WebApplication app)
    {
        // Behind another proxy, the client's address and scheme come from its headers, and the X-Forwarded transform then
        // passes them on to the replicas.
        if (app.Services.GetRequiredService<IOptions<TrustedProxyOptions>>().Value.IsConfigured) app.UseForwardedHeaders();
        app.UseMiddleware<InternalPaths>();
        // YARP's default pipeline with one step added: session affinity, load balancing, a resend when the chosen replica
        // refuses the connection (before the passive health checks, so they still count the refusal), then forwarding.
        // WebSocket upgrades (Blazor's /_blazor) are forwarded as they come; no UseWebSockets is needed in a proxy.
        app.MapReverseProxy(pipeline =>
        {
            pipeline.UseSessionAffinity();
            pipeline.UseLoadBalancing();
            pipeline.Use(ConnectFailover.InvokeAsync);
            pipeline.UsePassiveHealthChecks();
        });
        return app;
    }
}
