#!/usr/bin/env bash
# Builds the four images deploy/compose.yaml runs, all from the local Debian base (no registry is needed):
#   localhost/biasapp:latest           the app: the Dockerfile's `prebuilt` stage over a self-contained publish
#   localhost/biasapp-gateway:latest   the YARP gateway (deploy/gateway.Containerfile)
#   localhost/biasapp-postgres:latest  PostgreSQL 15 from Debian (deploy/postgres.Containerfile)
#   localhost/biasapp-redis:latest     Redis 7 from Debian (deploy/redis.Containerfile)
# Makes the base image with debootstrap first when it is missing, as bench/container.sh does.
# Needs podman (with runc), the .NET SDK, and debootstrap only for the base.
set -euo pipefail
cd "$(dirname "$0")/.."
BASE=${BIASAPP_BASE_IMAGE:-localhost/debian-min:bookworm}
PODMAN=(podman --runtime runc)
BUILD=("${PODMAN[@]}" build --format docker --build-arg RUNTIME_IMAGE="$BASE" --ulimit nofile=1024:1024 --ulimit nproc=1024:1024)
log() { echo "deploy/build.sh: $*" >&2; }

if ! "${PODMAN[@]}" image exists "$BASE"; then
    log "making $BASE with debootstrap (once)"
    rootfs=$(mktemp -d)
    debootstrap --variant=minbase bookworm "$rootfs" http://deb.debian.org/debian >/dev/null
    tar -C "$rootfs" -c . | "${PODMAN[@]}" import - "$BASE" >/dev/null
    rm -rf "$rootfs"
fi

log "publishing the app and the gateway (self-contained linux-x64)"
rm -rf artifacts/publish artifacts/gateway
dotnet publish src/BiasApp/BiasApp.csproj -c Release -r linux-x64 --self-contained -p:InvariantGlobalization=true \
    -o artifacts/publish --nologo -v q
dotnet publish src/BiasApp.Gateway/BiasApp.Gateway.csproj -c Release -r linux-x64 --self-contained \
    -o artifacts/gateway --nologo -v q

log "building the images"
"${BUILD[@]}" --target prebuilt -t localhost/biasapp:latest .
"${BUILD[@]}" -f deploy/gateway.Containerfile -t localhost/biasapp-gateway:latest artifacts/gateway
"${BUILD[@]}" -f deploy/postgres.Containerfile -t localhost/biasapp-postgres:latest deploy
"${BUILD[@]}" -f deploy/redis.Containerfile -t localhost/biasapp-redis:latest deploy
"${PODMAN[@]}" images --filter reference='localhost/biasapp*' --format '{{.Repository}}:{{.Tag}} {{.Size}}'
