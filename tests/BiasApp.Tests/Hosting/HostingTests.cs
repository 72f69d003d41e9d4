using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using BiasApp.Hosting;
using Microsoft.Extensions.Configuration;

namespace BiasApp.Tests.Hosting;

public sealed class HostingTests
{
    [Theory]
    [InlineData(null, null, null, "http://localhost:5080")]
    [InlineData("http://127.0.0.1:6001", "http://127.0.0.1:6002", null, null)]
    [InlineData(null, "http://127.0.0.1:6002", "8080", "http://127.0.0.1:6002")]
    [InlineData(null, null, "8080", null)]
    public void UrlsComeFromTheCommandLineOrAspNetUrlsThenBiasAppUrlsThenHttpPortsThenTheDefault(
        string? urls, string? biasAppUrls, string? httpPorts, string? expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = urls,
            ["BIASAPP_URLS"] = biasAppUrls,
            ["http_ports"] = httpPorts,
        }).Build();

        Assert.Equal(expected, HostingExtensions.ChooseUrls(configuration));
    }

    [Theory]
    [InlineData(null, null, null, "http://localhost:5080;http://localhost:9090", null)]
    [InlineData("http://0.0.0.0:6001", null, null, "http://0.0.0.0:6001;http://0.0.0.0:9090", null)]
    [InlineData("http://example.org:6001", null, null, "http://example.org:6001;http://*:9090", null)]
    [InlineData(null, "http://127.0.0.1:6002", null, "http://127.0.0.1:6002;http://127.0.0.1:9090", null)]
    [InlineData("http://127.0.0.1:9090", null, null, null, null)]
    [InlineData(null, null, "8080", null, "8080;9090")]
    [InlineData(null, null, "8080;9090", null, "8080;9090")]
    public void TheMetricsPortIsAddedToTheAddressesTheAppListensOn(
        string? urls, string? biasAppUrls, string? httpPorts, string? expectedUrls, string? expectedHttpPorts)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = urls,
            ["BIASAPP_URLS"] = biasAppUrls,
            ["http_ports"] = httpPorts,
            ["Metrics:Port"] = "9090",
        }).Build();

        Assert.Equal((expectedUrls, expectedHttpPorts), HostingExtensions.ChooseAddresses(configuration));
    }

    [Theory]
    [InlineData("--urls")]
    [InlineData("BIASAPP_URLS")]
    public async Task APortInUseEndsTheAppWithOneLineAndExitCodeOne(string via)
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;
        var url = $"http://127.0.0.1:{port}";
        var data = Path.Combine(Path.GetTempPath(), "biasapp-port-" + Guid.NewGuid().ToString("N"));

        // The app as built into this test's output (BiasApp.dll with its runtimeconfig, appsettings.json and models).
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "BiasApp.dll"));
        foreach (var name in new[] { "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "BIASAPP_URLS" })
            start.Environment.Remove(name);
        if (via == "--urls")
        {
            start.ArgumentList.Add("--urls");
            start.ArgumentList.Add(url);
        }
        else start.Environment["BIASAPP_URLS"] = url;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__Default"] = $"Data Source={Path.Combine(data, "biasapp.db")}";
        start.Environment["Model__Enabled"] = "false";

        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("The app kept running on a port in use: " + await output);
            }

            Assert.Equal($"BiasApp cannot start: port {port} is already in use (set --urls or BIASAPP_URLS to another port)",
                (await errors).Trim());
            Assert.Equal(1, process.ExitCode);
            Assert.DoesNotContain("crit:", await output);
            Assert.DoesNotContain("fail:", await output);
        }
        finally
        {
            if (Directory.Exists(data)) Directory.Delete(data, recursive: true);
        }
    }
}
