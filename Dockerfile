# syntax=docker/dockerfile:1
# Multi-stage build of BiasApp: SDK image publishes, the ASP.NET runtime image runs it as a non-root user.
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0

FROM ${SDK_IMAGE} AS build
WORKDIR /src
# Restore first so the package layer is cached while only sources change.
COPY Directory.Build.props Directory.Packages.props ./
COPY src/BiasApp/BiasApp.csproj src/BiasApp/
COPY src/BiasApp.Core/BiasApp.Core.csproj src/BiasApp.Core/
RUN dotnet restore src/BiasApp/BiasApp.csproj
COPY appsettings.json ./
COPY wwwroot/ wwwroot/
COPY models/ models/
COPY src/ src/
RUN dotnet publish src/BiasApp/BiasApp.csproj -c Release --no-restore -o /app

FROM ${RUNTIME_IMAGE} AS runtime
WORKDIR /app
# curl is not in the runtime image; the health check uses bash's /dev/tcp instead of adding packages.
COPY --from=build --chown=root:root /app ./
# The model (models/stereotype-minilm) is part of the published output, so it is baked into the image.
RUN mkdir -p /app/data && chown app:app /app/data
USER app
ENV ASPNETCORE_HTTP_PORTS=8080 \
    ASPNETCORE_ENVIRONMENT=Production
VOLUME ["/app/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD bash -c 'exec 3<>/dev/tcp/127.0.0.1/${ASPNETCORE_HTTP_PORTS%%;*} && printf "GET /health HTTP/1.0\r\nHost: localhost\r\n\r\n" >&3 && head -n1 <&3 | grep -q " 200 "' || exit 1
ENTRYPOINT ["dotnet", "BiasApp.dll"]
