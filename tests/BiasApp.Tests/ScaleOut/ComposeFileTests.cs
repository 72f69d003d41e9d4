using System.Text.RegularExpressions;

namespace BiasApp.Tests.ScaleOut;

/// <summary>deploy/compose.yaml and its images: no secret has a default, and Redis needs a password that the replicas send.</summary>
public sealed partial class ComposeFileTests
{
    private static readonly string Deploy = Path.Combine(RepositoryRoot(), "deploy");

    private static string Read(string file) => File.ReadAllText(Path.Combine(Deploy, file));

    [Fact]
    public void EverySecretInTheComposeFileIsRequiredWithoutADefault()
    {
        var compose = Read("compose.yaml");
        var secrets = Variable().Matches(compose).Where(m => m.Groups["name"].Value.Contains("PASSWORD", StringComparison.Ordinal)).ToList();

        Assert.Contains(secrets, m => m.Groups["name"].Value == "POSTGRES_PASSWORD");
        Assert.Contains(secrets, m => m.Groups["name"].Value == "REDIS_PASSWORD");
        // Admin:Password is optional (the setup page is the alternative), so only the service secrets must be set.
        foreach (var secret in secrets.Where(m => m.Groups["name"].Value is "POSTGRES_PASSWORD" or "REDIS_PASSWORD"))
            Assert.True(secret.Groups["rest"].Value.StartsWith(":?", StringComparison.Ordinal), $"{secret.Value} must be ${{NAME:?message}}");
        Assert.DoesNotMatch(@"PASSWORD:?-", compose);
    }

    [Fact]
    public void RedisRequiresThePasswordThatTheReplicasSend()
    {
        var compose = Read("compose.yaml");

        Assert.Matches(@"(?m)^  redis:\n(    .*\n)*      REDIS_PASSWORD: \$\{REDIS_PASSWORD:\?[^}]*\}", compose);
        Assert.Matches(@"Redis__Configuration: redis:6379,password=\$\{REDIS_PASSWORD:\?[^}]*\}", compose);
        Assert.Contains("ENTRYPOINT [\"/usr/local/bin/redis-entrypoint.sh\"]", Read("redis.Containerfile"));
        Assert.Contains("COPY redis-entrypoint.sh", Read("redis.Containerfile"));
        var entrypoint = Read("redis-entrypoint.sh");
        Assert.Contains("${REDIS_PASSWORD:?", entrypoint);
        Assert.Contains("requirepass", entrypoint);
    }

    [Fact]
    public void PostgreSqlGetsItsPasswordFromTheSameRequiredVariableAsTheReplicas()
    {
        var compose = Read("compose.yaml");

        Assert.Matches(@"(?m)^      POSTGRES_PASSWORD: \$\{POSTGRES_PASSWORD:\?[^}]*\}$", compose);
        Assert.Matches(@"ConnectionStrings__Default: .*Password=\$\{POSTGRES_PASSWORD:\?[^}]*\}", compose);
        Assert.Contains("${POSTGRES_PASSWORD:?", Read("postgres-entrypoint.sh"));
    }

    [Fact]
    public void TheReplicasBelieveForwardedHeadersFromPrivateNetworksOnlyNotFromAnyone()
    {
        var compose = Read("compose.yaml");

        // ASP.NET Core's switch believes every sender; the replicas list the networks instead.
        Assert.DoesNotContain("ASPNETCORE_FORWARDEDHEADERS_ENABLED", compose);
        Assert.Contains("ForwardedHeaders__KnownNetworks__0: 10.0.0.0/8", compose);
    }

    internal static string RepositoryRoot()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "BiasApp.sln"))) root = Path.GetDirectoryName(root) ?? throw new DirectoryNotFoundException("BiasApp.sln");
        return root;
    }

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?<rest>[^}]*)\}")]
    private static partial Regex Variable();
}
