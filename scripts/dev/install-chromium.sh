#!/usr/bin/env bash
# Developer machines only: installs headless Chromium (the Debian package
# "chromium"), which `npm run render-samples` needs to screenshot the sample
# mails. Neither the product, CI nor `npm test` needs it. Needs root.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  echo "chromium is already installed: $(command -v chromium)"
  exit 0
fi
apt-get update
apt-get install -y --no-install-recommends chromium
echo "installed $(command -v chromium)"
