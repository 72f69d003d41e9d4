# syntax=docker/dockerfile:1
# BiasApp image. Two ways to build it from this one file:
#
#   docker build -t biasapp .
#     The default (last) stage, `runtime`: the SDK image publishes, the ASP.NET runtime image runs it.
#
#   dotnet publish src/BiasApp/BiasApp.csproj -c Release -r linux-x64 --self-contained -o artifacts/publish
#   podman build --format docker --target prebuilt --build-arg RUNTIME_IMAGE=localhost/debian-min:bookworm -t biasapp .
#     The `prebuilt` stage: copies a self-contained publish made on the host onto a plain Debian base
#     (no .NET runtime and no registry needed; bench/container.sh does exactly this).
#
# Both stages share `base`: non-root, model baked in at /app/models, data volume at /app/data, port 8080,
# Prometheus' /metrics on the management port 9090 (publish it only to the scraper), HEALTHCHECK on /health and the
# container GC settings.
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0

FROM ${SDK_IMAGE} AS build
WORKDIR /src
# Restore first so the package layer is cached while only sources change.
COPY Directory.Build.props Directory.Packages.props ./
COPY src/BiasApp/BiasApp.csproj src/BiasApp/
COPY src/BiasApp.Core/BiasApp.Core.csproj src/BiasApp.Core/
COPY src/BiasApp.Data/BiasApp.Data.csproj src/BiasApp.Data/
COPY src/BiasApp.Data.PostgreSQL/BiasApp.Data.PostgreSQL.csproj src/BiasApp.Data.PostgreSQL/
RUN dotnet restore src/BiasApp/BiasApp.csproj
COPY appsettings.json ./
COPY wwwroot/ wwwroot/
COPY models/ models/
COPY src/ src/
RUN dotnet publish src/BiasApp/BiasApp.csproj -c Release --no-restore -o /app
# The admin CLI (`/app/cli/biasapp-cli keys create --email E --admin`) beside the app, on the same database.
RUN dotnet publish src/BiasApp.Cli/BiasApp.Cli.csproj -c Release -o /app/cli -p:CopyModels=false

FROM ${RUNTIME_IMAGE} AS base
WORKDIR /app
# ConnectionStrings:Default is `Data Source=data/biasapp.db` under the content root (= /app), so the database
# lives in /app/data. Workstation GC (the Web SDK defaults to Server GC, one heap per core) and conserve-memory
# keep the managed heap small under a container memory limit; the GC already caps itself at 75% of that limit.
# ONNX Runtime's buffers come from glibc malloc, whose per-thread arenas grow with 16 concurrent explanations;
# two arenas keep that native memory from fragmenting towards the limit.
ENV ASPNETCORE_HTTP_PORTS=8080 \
    Metrics__Port=9090 \
    ConnectionStrings__Default="Data Source=/app/data/biasapp.db" \
    ASPNETCORE_ENVIRONMENT=Production \
    DOTNET_gcServer=0 \
    DOTNET_GCConserveMemory=5 \
    MALLOC_ARENA_MAX=2
EXPOSE 8080 9090
# PDF reports embed DejaVu Sans (Reports:FontPath); without it they fall back to an ASCII-only built-in font.
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/* /var/cache/apt/* /var/log/apt/* /var/log/dpkg.log
# No curl in the runtime images: bash's /dev/tcp does the request. Degraded (model off) still answers 200.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${ASPNETCORE_HTTP_PORTS%%[;,]*} && printf 'GET /health HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n1 <&3 | grep -q ' 200 '"]

FROM base AS prebuilt
# A self-contained publish needs only the native libraries .NET loads: OpenSSL, CA roots and ICU (the tokenizer strips
# accents through Unicode normalization, which invariant globalization does not have: "café" would be [UNK]). apt's caches (~85 MB of package indexes) are dropped in the same layer. The `app` user matches the official images (uid 1654).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libssl3 ca-certificates libicu72 \
    && rm -rf /var/lib/apt/lists/* /var/cache/apt/* /var/log/apt/* /var/log/dpkg.log \
    && groupadd --gid 1654 app \
    && useradd --uid 1654 --gid app --no-create-home --home-dir /app --shell /usr/sbin/nologin app
COPY --chown=root:root artifacts/publish/ ./
RUN mkdir -p /app/data && chown app:app /app/data
USER app
VOLUME ["/app/data"]
ENTRYPOINT ["./BiasApp"]

FROM base AS runtime
# The model (models/stereotype-minilm) is part of the published output, so it is baked into the image.
COPY --from=build --chown=root:root /app ./
RUN mkdir -p /app/data && chown app:app /app/data
USER app
VOLUME ["/app/data"]
ENTRYPOINT ["dotnet", "BiasApp.dll"]
