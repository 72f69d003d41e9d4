#!/usr/bin/env bash
# Installs the training side's Debian packages (PyPI is not used). libopenblas0-pthread makes CPU torch ~15x faster.
set -euo pipefail
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq python3-torch libopenblas0-pthread python3-onnx python3-numpy
