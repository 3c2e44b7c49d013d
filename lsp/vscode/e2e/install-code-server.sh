#!/usr/bin/env bash
# Installs code-server 4.100.3 (VS Code 1.100.3, the newest that runs on
# Node 20) into DIR without any download besides the npm registry and Debian:
# install scripts that would fetch binaries from elsewhere are skipped, and
# Debian's ripgrep stands in for the one VS Code would download.
# Usage: install-code-server.sh DIR   (idempotent: exits at once when done)
set -euo pipefail
DIR=${1:?usage: install-code-server.sh DIR}
VERSION=4.100.3
# code-server writes a config file into $HOME on every start: give it a scratch one
SCRATCH_HOME=$(mktemp -d)
trap 'rm -rf "$SCRATCH_HOME"' EXIT
if [ -x "$DIR/node_modules/.bin/code-server" ] &&
  HOME=$SCRATCH_HOME "$DIR/node_modules/.bin/code-server" --version 2>/dev/null | grep -q "^$VERSION "; then
  exit 0
fi
need=()
command -v rg >/dev/null || need+=(ripgrep)
command -v g++ >/dev/null || need+=(build-essential)
command -v pkg-config >/dev/null || need+=(pkg-config)
[ -e /usr/include/gssapi/gssapi.h ] || need+=(libkrb5-dev)
command -v python3 >/dev/null || need+=(python3)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}"
fi
mkdir -p "$DIR" && cd "$DIR"
[ -f package.json ] || echo '{"name":"code-server-host","private":true}' > package.json
# 1. the outer package, without its postinstall (which downloads ripgrep)
npm install --no-audit --no-fund --ignore-scripts "code-server@$VERSION"
# argon2's prebuilt download fails offline; node-gyp builds it instead
npm rebuild argon2
VS="$DIR/node_modules/code-server/lib/vscode"
cd "$VS"
# 2. VS Code's own dependencies, scripts off
npm install --no-audit --no-fund --omit=dev --ignore-scripts
# 3. Debian's ripgrep: @vscode/ripgrep's postinstall skips when bin/ exists
mkdir -p node_modules/@vscode/ripgrep/bin
ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
# 4. native modules, built with node-gyp against the local Node headers
npm_config_yes=true npm rebuild
# 5. the rest of code-server's postinstall (links, built-in extensions' deps)
cd "$DIR/node_modules/code-server"
npm_config_yes=true npm_config_user_agent="npm/$(npm -v) node/$(node -v) linux x64" \
  npm_config_unsafe_perm=true sh ./postinstall.sh
HOME=$SCRATCH_HOME "$DIR/node_modules/.bin/code-server" --version
