#!/usr/bin/env bash
# Rebuild the vendored browser bundle of Enketo's openrosa-xpath-evaluator (issue 20):
#   tilik/static/vendor/openrosa-xpath/openrosa-xpath.js  (+ LICENSE)
# Only needed when js/package.json changes: the bundle is committed and served as a static
# file, so running or testing Tilik needs neither node nor npm. Versions are pinned in
# js/package-lock.json; `npm ci` installs exactly those, and esbuild's output is deterministic,
# so a rebuild of the same lock file is byte-identical (tests/test_js_bundle.py checks the
# recorded version against the lock file).
set -euo pipefail
cd "$(dirname "$0")/../js"
npm ci --ignore-scripts --no-audit --no-fund
version=$(node -p "require('./package-lock.json').packages['node_modules/openrosa-xpath-evaluator'].version")
out=../tilik/static/vendor/openrosa-xpath
mkdir -p "$out"
npx --no-install esbuild entry.js --bundle --format=iife --target=es2019 --minify \
  --external:node-forge --legal-comments=none \
  --banner:js="/*! openrosa-xpath-evaluator@${version} (Apache-2.0, https://github.com/enketo/enketo) bundled by scripts/build_js.sh */" \
  --outfile="$out/openrosa-xpath.js"
cp node_modules/openrosa-xpath-evaluator/LICENSE "$out/LICENSE"
echo "built $out/openrosa-xpath.js (openrosa-xpath-evaluator ${version})"
