#!/usr/bin/env bash
# GraphiQL's browser files (React, GraphiQL, its explorer plugin), fetched once from
# the npm registry into .graphiql/ so the hub serves them itself: its page then works
# on machines without a route to a CDN. The versions are the ones Strawberry's GraphiQL
# page pins (with sha384 integrity hashes the browser still checks).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$root/.graphiql"
packages=(react@18.2.0 react-dom@18.2.0 js-cookie@3.0.5 graphiql@3.8.3 @graphiql/plugin-explorer@1.0.2)
stamp="$dest/.complete-$(printf '%s ' "${packages[@]}" | sha256sum | cut -c1-12)"
[ -f "$stamp" ] && exit 0
command -v npm >/dev/null 2>&1 || { echo "install-graphiql: npm is needed once" >&2; exit 1; }
rm -rf "$dest" && mkdir -p "$dest/tmp"
cd "$dest/tmp"
npm pack --silent "${packages[@]}" >/dev/null
for package in "${packages[@]}"; do
  name="${package%@*}"                      # @graphiql/plugin-explorer, react, ...
  tarball="$(echo "${name#@}" | tr '/' '-')-${package##*@}.tgz"
  mkdir -p "$dest/$package"
  tar -xzf "$tarball" -C "$dest/$package" --strip-components=1
done
cd "$dest" && rm -rf tmp && touch "$stamp"
