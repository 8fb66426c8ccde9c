#!/bin/bash
# Build the macOS installer package of the .app (pkgbuild for the component, productbuild
# for the distribution the Installer app and `installer -pkg` read):
#
#   freeze/macos/build_pkg.sh "dist/Care4U Desktop.app" OUT_DIR [--sign "Developer ID Installer: ..."]
#
# writes OUT_DIR/care4u-desktop-<version>-macos-<arch>.pkg, which installs the app into
# /Applications and, by its postinstall, /usr/local/bin/care4u-admin (a link into the app).
# One package per architecture: the one this Mac runs, which must be the app's (it was built
# and tested here). The app is signed before this runs, if it is signed at all
# (freeze/macos/sign.sh app); --sign signs the package itself (productbuild).
# Written for macOS's own /bin/bash 3.2 (no ${var^}, an empty array expanded with ${a[@]+...}).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
usage="usage: $0 APP OUT_DIR [--sign IDENTITY]"
app=${1:?$usage}
out=${2:?$usage}
shift 2
sign=()
if [ $# -gt 0 ]; then
    if [ "$1" != "--sign" ] || [ -z "${2:-}" ]; then
        echo "$usage" >&2
        exit 2
    fi
    sign=(--sign "$2" --timestamp)
fi

identifier=org.care4u.desktop
version=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' "$root/care4u_desktop/__init__.py")
arch=$(uname -m)
# The bootloader may be fat (universal2); the app must at least hold this Mac's architecture.
app_archs=$(lipo -archs "$app/Contents/MacOS/care4u-desktop")
case " $app_archs " in
    *" $arch "*) ;;
    *)
        echo "build_pkg.sh: the app is built for '$app_archs', this Mac is $arch" >&2
        exit 1
        ;;
esac

# The oldest macOS the app runs on: Qt's own floor, read from the bundled QtCore's load
# commands (LC_BUILD_VERSION minos), so the Installer refuses older systems up front
# instead of installing an app that cannot start.
qtcore=$(find "$app/Contents" -type f -name QtCore -print -quit)
if [ -z "$qtcore" ]; then
    echo "build_pkg.sh: no QtCore in $app: is it the PyInstaller build?" >&2
    exit 1
fi
# PySide6's Qt is universal2: read this architecture's slice.
min_macos=$(otool -arch "$arch" -l "$qtcore" | awk '$1 == "minos" { print $2; exit }')
: "${min_macos:?cannot read the minimum macOS from $qtcore}"

work="$root/build/pkg-$arch"
rm -rf "$work"
mkdir -p "$work/root/Applications" "$work/scripts" "$work/packages" "$out"
# ditto keeps the bundle's symlinks, extended attributes and signatures.
ditto "$app" "$work/root/Applications/Care4U Desktop.app"
cp "$here/postinstall" "$work/scripts/postinstall"
chmod 755 "$work/scripts/postinstall"

# Not relocatable: otherwise Installer "upgrades" any copy of the app with the same bundle id
# that it finds elsewhere on the disk (a test copy in Downloads) instead of /Applications.
pkgbuild --analyze --root "$work/root" "$work/component.plist"
plutil -replace 0.BundleIsRelocatable -bool NO "$work/component.plist"

pkgbuild --root "$work/root" \
    --component-plist "$work/component.plist" \
    --scripts "$work/scripts" \
    --identifier "$identifier" \
    --version "$version" \
    --install-location / \
    "$work/packages/care4u-desktop.pkg"

sed -e "s/@VERSION@/$version/g" -e "s/@ARCH@/$arch/g" -e "s/@MIN_MACOS@/$min_macos/g" \
    -e "s/@COMPONENT@/care4u-desktop.pkg/g" \
    "$here/distribution.xml.in" > "$work/distribution.xml"

pkg="$out/care4u-desktop-$version-macos-$arch.pkg"
productbuild --distribution "$work/distribution.xml" --package-path "$work/packages" \
    ${sign[@]+"${sign[@]}"} "$pkg"
if [ ${#sign[@]} -gt 0 ]; then
    pkgutil --check-signature "$pkg"
fi
echo "build_pkg.sh: $pkg ($arch, macOS $min_macos or later)"
