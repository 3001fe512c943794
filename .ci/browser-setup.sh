#!/bin/sh
# Installs what the browser test (tests/report/html_report.rs) needs on a fresh
# Debian machine. Run as root, from anywhere:
#
#   sh .ci/browser-setup.sh
#
# - Debian's chromium (/usr/bin/chromium); the test never downloads a browser
#   (no `npx playwright install`).
# - Noto CJK fonts, so Chinese text renders in the screenshots.
# - Node.js and npm from Debian when missing (bookworm's Node 18 is enough).
# - playwright-core, exactly as pinned by tests/browser/package-lock.json.
set -eu

repo=$(cd "$(dirname "$0")/.." && pwd)
export DEBIAN_FRONTEND=noninteractive

packages="chromium fonts-noto-cjk ca-certificates"
command -v node >/dev/null 2>&1 || packages="$packages nodejs"
command -v npm >/dev/null 2>&1 || packages="$packages npm"

apt-get update
# shellcheck disable=SC2086 # the list is meant to split into words
apt-get install -y --no-install-recommends $packages

cd "$repo/tests/browser"
npm ci --no-audit --no-fund

/usr/bin/chromium --version
node --version
