# Sourced by the bench scripts: app_and_cli DIR puts the Release app in DIR/app and the CLI in DIR/cli, building them
# (log in DIR/build.log), or linking BIASAPP_BUILT/app and BIASAPP_BUILT/cli from an earlier build when BIASAPP_BUILT
# is set (e.g. to alternate two builds on a quiet machine, or to compare settings on one build). cli DIR does the same
# for the CLI alone. Needs ROOT.
cli() {
  if [[ -n ${BIASAPP_BUILT:-} ]]; then
    ln -s "$BIASAPP_BUILT/cli" "$1/cli"
  else
    dotnet build -c Release "$ROOT/src/BiasApp.Cli" -o "$1/cli" -v q -nologo >> "$1/build.log"
  fi
}
app_and_cli() {
  if [[ -n ${BIASAPP_BUILT:-} ]]; then
    ln -s "$BIASAPP_BUILT/app" "$1/app"
  else
    dotnet build -c Release "$ROOT/src/BiasApp" -o "$1/app" -v q -nologo > "$1/build.log"
  fi
  cli "$1"
}
