#!/usr/bin/env bash
# Lints the published OpenAPI description with Redocly CLI's recommended rules (redocly.yaml beside this script).
#   tests/OpenApi/lint.sh http://127.0.0.1:5000/openapi/v1.json   # a running shop
#   tests/OpenApi/lint.sh /path/to/v1.json                        # a saved description
# Exit code non-zero on any error (warnings are reported, not fatal). Needs `npm ci` in this folder first.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
description="${1:?usage: lint.sh <url of /openapi/v1.json or file>}"
if [ -f "$description" ]; then
  description="$(cd "$(dirname "$description")" && pwd)/$(basename "$description")"
fi
cd "$here"
exec npx --no-install redocly lint "$description" --config redocly.yaml --format=stylish
