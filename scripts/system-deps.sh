#!/usr/bin/env bash
# Install the Debian packages peaceops needs when they are missing.
#   scripts/system-deps.sh runtime   PDF reports: Pango (WeasyPrint) and fonts with Cyrillic
#   scripts/system-deps.sh test      the above, plus Java 17 (Spark parity tests) and Chromium (browser tests)
#   scripts/system-deps.sh bench     the above, plus ApacheBench (apache2-utils) as the web load generator
# Runs apt-get only for what is missing; without root or apt-get it says what to install and stops.
set -euo pipefail
want="${1:-test}"
missing=()

have_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }

have_lib "libpango-1.0.so.0" || missing+=(libpango-1.0-0)
have_lib "libpangoft2-1.0.so.0" || missing+=(libpangoft2-1.0-0)
fc-list 2>/dev/null | grep -qi "dejavu" || missing+=(fonts-dejavu-core fontconfig)
if [ "$want" = "test" ] || [ "$want" = "bench" ]; then
  command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jre-headless)
  command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
fi

if [ "$want" = "bench" ]; then
  command -v ab >/dev/null 2>&1 || missing+=(apache2-utils)
fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "peaceops: installing missing Debian packages: ${missing[*]}"
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "peaceops: cannot install them here (needs root and apt-get); run: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
