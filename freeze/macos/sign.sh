#!/bin/bash
# Code signing and notarization on the macOS runner, with the hospital's Developer ID
# certificates; run by the workflow only when its secrets are configured:
#
#   sign.sh keychain           import MACOS_CERTIFICATES_P12 (base64 of a .p12 holding the
#                              "Developer ID Application" and "Developer ID Installer"
#                              identities; password MACOS_CERTIFICATES_PASSWORD) into a
#                              temporary keychain
#   sign.sh identity KIND      print the identity's name (KIND: application or installer)
#   sign.sh app APP            sign every Mach-O file of the .app, inside out, then the app,
#                              with the hardened runtime and a secure timestamp
#   sign.sh notarize PKG       submit to Apple's notary service with the App Store Connect
#                              API key (APPLE_API_KEY_P8, APPLE_API_KEY_ID,
#                              APPLE_API_ISSUER_ID), wait, then staple the ticket
#   sign.sh delete-keychain    remove the temporary keychain
#
# No secret is echoed (no `set -x`); the files they are decoded into are deleted on exit.
# Written for macOS's own /bin/bash 3.2 (no ${var^}, no mapfile).
set -euo pipefail

tmp=${RUNNER_TEMP:-${TMPDIR:-/tmp}}
keychain="$tmp/care4u-signing.keychain-db"

identity() {
    local kind=$1 label
    case $kind in
        application) label="Developer ID Application" ;;
        installer) label="Developer ID Installer" ;;
        *) echo "sign.sh: identity application|installer" >&2; exit 2 ;;
    esac
    # Lines read: 1) <SHA-1> "Developer ID Application: Name (TEAMID)"
    security find-identity -v "$keychain" | sed -n "s/.*\"\\($label: .*\\)\"\$/\\1/p" | head -n 1
}

case ${1:-} in
keychain)
    : "${MACOS_CERTIFICATES_P12:?not set}" "${MACOS_CERTIFICATES_PASSWORD:?not set}"
    p12="$tmp/care4u-signing.p12"
    trap 'rm -f "$p12"' EXIT
    printf '%s' "$MACOS_CERTIFICATES_P12" | base64 --decode > "$p12"
    # A random password: the keychain lives as long as this job and nobody types it.
    password=$(openssl rand -base64 32)
    security create-keychain -p "$password" "$keychain"
    security set-keychain-settings -lut 21600 "$keychain"
    security unlock-keychain -p "$password" "$keychain"
    security import "$p12" -k "$keychain" -f pkcs12 -P "$MACOS_CERTIFICATES_PASSWORD" \
        -T /usr/bin/codesign -T /usr/bin/productbuild -T /usr/bin/productsign
    # Lets codesign and productbuild use the keys without a prompt (there is no one to click).
    security set-key-partition-list -S apple-tool:,apple: -s -k "$password" "$keychain" > /dev/null
    existing=()
    while IFS= read -r line; do
        line=${line//\"/}
        existing+=("${line#"${line%%[![:space:]]*}"}")
    done < <(security list-keychains -d user)
    security list-keychains -d user -s "$keychain" "${existing[@]}"
    for kind in application installer; do
        if [ -z "$(identity "$kind")" ]; then
            echo "sign.sh: the .p12 holds no Developer ID $kind identity" >&2
            exit 1
        fi
    done
    echo "sign.sh: temporary keychain ready ($(identity application); $(identity installer))"
    ;;
identity)
    identity "${2:?application or installer}"
    ;;
app)
    app=${2:?the .app}
    name=$(identity application)
    sign=(codesign --force --timestamp --options runtime --sign "$name")
    # Inside out: libraries, Qt plug-ins and Python extension modules first, then the two
    # executables, then the bundle, which seals them all. (codesign --deep is for checking,
    # not signing, in Apple's words.) No hardened-runtime exception is granted: the app does
    # not generate code; see docs/packaging.md, "Signing", if a signed build will not start.
    while IFS= read -r -d '' file; do
        case $file in "$app/Contents/MacOS/"*) continue ;; esac
        if file -b "$file" | grep -q '^Mach-O'; then
            "${sign[@]}" "$file"
        fi
    done < <(find "$app/Contents" -type f -print0)
    "${sign[@]}" "$app/Contents/MacOS/care4u-admin" "$app/Contents/MacOS/care4u-desktop"
    "${sign[@]}" "$app"
    codesign --verify --deep --strict --verbose=2 "$app"
    ;;
notarize)
    pkg=${2:?the .pkg}
    : "${APPLE_API_KEY_P8:?not set}" "${APPLE_API_KEY_ID:?not set}" "${APPLE_API_ISSUER_ID:?not set}"
    key="$tmp/care4u-notary.p8"
    result="$tmp/care4u-notary.json"
    trap 'rm -f "$key"' EXIT
    printf '%s\n' "$APPLE_API_KEY_P8" > "$key"
    xcrun notarytool submit "$pkg" --key "$key" --key-id "$APPLE_API_KEY_ID" \
        --issuer "$APPLE_API_ISSUER_ID" --wait --output-format json > "$result"
    status=$(plutil -extract status raw -o - "$result")
    submission=$(plutil -extract id raw -o - "$result")
    if [ "$status" != "Accepted" ]; then
        echo "sign.sh: notarization $submission: $status; Apple's log follows" >&2
        xcrun notarytool log "$submission" --key "$key" --key-id "$APPLE_API_KEY_ID" \
            --issuer "$APPLE_API_ISSUER_ID" >&2 || true
        exit 1
    fi
    xcrun stapler staple "$pkg"
    xcrun stapler validate "$pkg"
    spctl --assess --type install --verbose=2 "$pkg"
    ;;
delete-keychain)
    security delete-keychain "$keychain" 2> /dev/null || true
    ;;
*)
    sed -n '2,18p' "$0" >&2
    exit 2
    ;;
esac
