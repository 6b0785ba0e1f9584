#!/usr/bin/env bash
# Installs libstrongroom for C users:
#   PREFIX/lib/libstrongroom.so, PREFIX/lib/libstrongroom.a,
#   PREFIX/include/psa/*.h, PREFIX/include/strongroom.h,
#   PREFIX/lib/pkgconfig/strongroom.pc
# Usage: .ci/install-c.sh [PREFIX]      (default /usr/local; DESTDIR is honoured)
# Then:  cc app.c $(pkg-config --cflags --libs strongroom)               (shared)
#        cc app.c $(pkg-config --cflags --libs --static strongroom) -static-libgcc ...
set -euo pipefail
cd "$(dirname "$0")/.."
PREFIX=${1:-/usr/local}
DEST=${DESTDIR:-}
FFI=crates/strongroom-ffi

cargo build -p strongroom-ffi --release
TARGET_DIR=$(cargo metadata --format-version 1 --no-deps |
    sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
LIBDIR=${TARGET_DIR:-target}/release
VERSION=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
NATIVE=$(cargo rustc -p strongroom-ffi --release --crate-type staticlib -- \
    --print native-static-libs 2>&1 | sed -n 's/.*native-static-libs: //p' | tail -1)

install -D -m 0755 "$LIBDIR/libstrongroom.so" "$DEST$PREFIX/lib/libstrongroom.so"
install -D -m 0644 "$LIBDIR/libstrongroom.a" "$DEST$PREFIX/lib/libstrongroom.a"
for h in "$FFI"/include/psa/*.h; do
    install -D -m 0644 "$h" "$DEST$PREFIX/include/psa/$(basename "$h")"
done
install -D -m 0644 "$FFI/include/strongroom.h" "$DEST$PREFIX/include/strongroom.h"
mkdir -p "$DEST$PREFIX/lib/pkgconfig"
sed -e "s|@PREFIX@|$PREFIX|" -e "s|@VERSION@|$VERSION|" -e "s|@LIBS_PRIVATE@|$NATIVE|" \
    "$FFI/strongroom.pc.in" >"$DEST$PREFIX/lib/pkgconfig/strongroom.pc"
echo "installed libstrongroom $VERSION under $DEST$PREFIX"
