#!/bin/bash
# Sign Windows files with the hospital's code-signing certificate (Authenticode, SHA-256,
# RFC 3161 timestamp so the signature outlives the certificate):
#
#   WINDOWS_CERTIFICATE_PFX=<base64 of the .pfx> WINDOWS_CERTIFICATE_PASSWORD=... \
#     freeze/windows/sign.sh FILE...
#
# Run by the workflow (Git Bash on windows-2022) only when both secrets are configured. The
# certificate is written to the runner's temp folder for signtool and deleted afterwards;
# neither it nor the password is ever echoed (no `set -x` here).
set -euo pipefail

: "${WINDOWS_CERTIFICATE_PFX:?not set: the workflow skips signing without it}"
: "${WINDOWS_CERTIFICATE_PASSWORD:?not set}"
timestamp_url=${WINDOWS_TIMESTAMP_URL:-http://timestamp.digicert.com}

# signtool comes with the Windows SDK, which is not on PATH: take the newest x64 one.
signtool=$(command -v signtool.exe || true)
if [ -z "$signtool" ]; then
    signtool=$(find "/c/Program Files (x86)/Windows Kits/10/bin" -path '*/x64/signtool.exe' 2>/dev/null \
        | sort -V | tail -n 1)
fi
if [ -z "$signtool" ]; then
    echo "sign.sh: signtool.exe not found (Windows SDK)" >&2
    exit 1
fi

pfx="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/care4u-signing.pfx"
trap 'rm -f "$pfx"' EXIT
printf '%s' "$WINDOWS_CERTIFICATE_PFX" | base64 --decode > "$pfx"

# MSYS would rewrite the /sign-style options as paths.
export MSYS_NO_PATHCONV=1
for file in "$@"; do
    "$signtool" sign /fd SHA256 /td SHA256 /tr "$timestamp_url" \
        /f "$(cygpath -w "$pfx")" /p "$WINDOWS_CERTIFICATE_PASSWORD" "$(cygpath -w "$file")"
    "$signtool" verify /pa "$(cygpath -w "$file")"
done
