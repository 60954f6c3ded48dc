#!/usr/bin/env bash
# Installs what check.js needs, pinned:
#   node_modules/  ajv, ajv-formats and qs from package-lock.json (npm ci)
#   vendor/        @rocket.chat/rest-typings and @rocket.chat/core-typings
#                  8.8.1, fetched with npm pack, checked against the sha512
#                  below, and unpacked (dist/ and package.json only)
# Both directories are git-ignored. Safe to run again: npm ci runs only
# when package.json or package-lock.json changed, and the tarballs are fetched only when
# vendor/ does not already hold exactly these pins.
# Needs node >= 20.6 and npm.
set -euo pipefail
cd "$(dirname "$0")"

# name@version and the integrity the registry publishes for its tarball.
PACKS=(
  "@rocket.chat/rest-typings@8.8.1 sha512-xroFtQckTsOE1Mb9pk3rHsJkdwqqxhMZfi7kNjKdlVVTpMOuVVRIjicZOV7sAacedIHyxfuI4Cxv1nIA2eEI8A=="
  "@rocket.chat/core-typings@8.8.1 sha512-JqlYQJJjCkNcAhwBkcm+i+Ivy54XTDnDBhveXarC8P8JF+4IPLsoDYxP2MDlIH3NHKmQpe9yxgIhfjezt/Ywhg=="
)
STAMP=vendor/.pins

node -e 'const [a, b] = process.versions.node.split(".").map(Number);
  if (a < 20 || (a === 20 && b < 6)) { console.error("restcheck: node >= 20.6 needed, have " + process.version); process.exit(1); }'

# npm ci again only when package.json or the lockfile changed since the
# last install.
lock=$(node -e 'const fs = require("fs"), h = require("crypto").createHash("sha256");
  for (const f of ["package.json", "package-lock.json"]) h.update(fs.readFileSync(f));
  process.stdout.write(h.digest("hex"))')
if [ "$(cat node_modules/.restcheck-lock 2>/dev/null)" != "$lock" ]; then
  npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
  echo "$lock" > node_modules/.restcheck-lock
fi

want=$(printf '%s\n' "${PACKS[@]}")
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ]; then
  echo "restcheck: vendor/ already holds the pinned packages"
  exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/vendor"
for entry in "${PACKS[@]}"; do
  spec=${entry% *}
  integrity=${entry#* }
  name=${spec%@*}            # @rocket.chat/rest-typings
  dir=$tmp/vendor/${name#*/} # rest-typings
  file=$(cd "$tmp" && npm pack "$spec" --silent --loglevel=error)
  got=sha512-$(node -e 'const c = require("crypto"), fs = require("fs");
    process.stdout.write(c.createHash("sha512").update(fs.readFileSync(process.argv[1])).digest("base64"))' "$tmp/$file")
  if [ "$got" != "$integrity" ]; then
    echo "restcheck: $spec tarball integrity mismatch" >&2
    echo "  want $integrity" >&2
    echo "  got  $got" >&2
    exit 1
  fi
  mkdir -p "$dir"
  tar -xzf "$tmp/$file" -C "$dir" --strip-components=1 --exclude='*.d.ts' --exclude='*.map' package/package.json package/dist
done
printf '%s\n' "$want" > "$tmp/vendor/.pins"
rm -rf vendor
mv "$tmp/vendor" vendor
echo "restcheck: installed ${PACKS[*]%% *}"
