#!/usr/bin/env bash
# libstrongroom's C-side checks (issue 4): builds libstrongroom.so and libstrongroom.a
# (release), compiles every C test program in crates/strongroom-ffi/tests/c/ the way C users
# build (-std=c99 -Wall -Wextra -Werror -pedantic; C++ sources with g++ -std=c++11), under
# AddressSanitizer + UndefinedBehaviorSanitizer, links each against BOTH the .so and the .a,
# runs them (a test whose name contains "persist" runs twice over one store directory:
# the first run writes, the second reads back what the first wrote), then compiles the
# benchmark harness psa_bench.c (../shared/bench, else /work/shared/bench) UNMODIFIED
# against the header and the static library and runs its concurrency stress mode.
#
# Sanitizers cover the C part only: the Rust library is built normally (ASan for Rust needs
# a nightly toolchain and -Zbuild-std) and linked into the instrumented C programs, so ASan
# checks every access the C code makes, including to the buffers the library writes.
#
# Prints "N passed, M failed" and exits non-zero on any failure.
# Environment: CC (gcc), CXX (g++), SKIP_BENCH=1 skips psa_bench, STRESS_SECONDS (1),
# PSA_BENCH_SRC (path of psa_bench.c).
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
FFI=crates/strongroom-ffi
CC=${CC:-gcc}
CXX=${CXX:-g++}
BENCH_SRC=${PSA_BENCH_SRC:-$ROOT/../shared/bench/psa_bench.c}
[ -f "$BENCH_SRC" ] || BENCH_SRC=/work/shared/bench/psa_bench.c

passed=0
failed=0
failures=()
ok() { passed=$((passed + 1)); echo "PASS: $*"; }
ko() { failed=$((failed + 1)); failures+=("$*"); echo "FAIL: $*"; }

echo "==== build libstrongroom (release) ===="
if ! cargo build -p strongroom-ffi --release; then
    echo "FAIL: cargo build -p strongroom-ffi --release"
    echo "0 passed, 1 failed"
    exit 1
fi
TARGET_DIR=$(cargo metadata --format-version 1 --no-deps 2>/dev/null |
    sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
LIBDIR=${TARGET_DIR:-$ROOT/target}/release
for f in libstrongroom.so libstrongroom.a; do
    if [ -f "$LIBDIR/$f" ]; then ok "built $f"; else ko "built $f (missing in $LIBDIR)"; fi
done

# System libraries the staticlib needs (what rustc reports; the fallback is its answer on
# x86_64-linux-gnu).
NATIVE=$(cargo rustc -p strongroom-ffi --release --crate-type staticlib -- \
    --print native-static-libs 2>&1 | sed -n 's/.*native-static-libs: //p' | tail -1)
NATIVE=${NATIVE:--lgcc_s -lutil -lrt -lpthread -lm -ldl -lc}
echo "native-static-libs: $NATIVE"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/strongroom-c-tests.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
INC="-I$FFI/include -I$FFI/tests/c"
SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"
CFLAGS_C="-std=c99 -Wall -Wextra -Werror -pedantic -g -O1 -pthread $SAN"
CFLAGS_CXX="-std=c++11 -Wall -Wextra -Werror -pedantic -g -O1 -pthread $SAN"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

shopt -s nullglob
sources=("$FFI"/tests/c/*.c "$FFI"/tests/c/*.cpp "$FFI"/tests/c/*.cc)
if [ ${#sources[@]} -eq 0 ]; then
    ko "no C test programs found in $FFI/tests/c"
fi

echo "==== header compile checks (tests/c/compile_check.sh) ===="
if [ -f "$FFI/tests/c/compile_check.sh" ]; then
    if CC=$CC CXX=$CXX PSA_BENCH_C=$BENCH_SRC sh "$FFI/tests/c/compile_check.sh"; then
        ok "compile_check.sh"
    else
        ko "compile_check.sh"
    fi
fi

echo "==== C test programs (ASan+UBSan), against the .so and the .a ===="
for src in "${sources[@]}"; do
    name=$(basename "${src%.*}")
    case "$src" in
        *.cpp | *.cc) compiler=$CXX; flags=$CFLAGS_CXX ;;
        *) compiler=$CC; flags=$CFLAGS_C ;;
    esac
    for kind in so a; do
        exe="$WORK/$name-$kind"
        if [ "$kind" = so ]; then
            link=(-L"$LIBDIR" -Wl,-rpath,"$LIBDIR" -lstrongroom -lm)
        else
            # shellcheck disable=SC2206
            link=("$LIBDIR/libstrongroom.a" $NATIVE)
        fi
        # shellcheck disable=SC2086
        if ! $compiler $flags $INC "$src" -o "$exe" "${link[@]}" 2>"$exe.log"; then
            cat "$exe.log"
            ko "$name [$kind]: compile"
            continue
        fi
        home="$WORK/home-$name-$kind"
        mkdir -p "$home"
        runs=1
        case "$name" in
            *persist*) runs=2 ;;
            values_check | compile_check) ;;
        esac
        status=ok
        for run in $(seq 1 $runs); do
            args=()
            if [ $runs = 2 ]; then
                if [ "$run" = 1 ]; then args=(write); else args=(read); fi
            fi
            if ! (cd "$home" && STRONGROOM_HOME="$home" timeout 300 "$exe" "${args[@]}" \
                >"$exe.run$run.log" 2>&1); then
                tail -n 40 "$exe.run$run.log"
                status="run $run failed"
                break
            fi
        done
        if [ "$status" = ok ]; then ok "$name [$kind]"; else ko "$name [$kind]: $status"; fi
    done
done

if [ "${SKIP_BENCH:-0}" != 1 ]; then
    echo "==== psa_bench (unmodified) against include/ + libstrongroom.a ===="
    if [ ! -f "$BENCH_SRC" ]; then
        ko "psa_bench: source not found ($BENCH_SRC)"
    # shellcheck disable=SC2086
    elif ! $CC -O2 -std=c11 -pthread -I"$FFI/include" "$BENCH_SRC" -o "$WORK/psa_bench" \
        "$LIBDIR/libstrongroom.a" $NATIVE -lm 2>"$WORK/psa_bench.log"; then
        cat "$WORK/psa_bench.log"
        ko "psa_bench: compile"
    else
        ok "psa_bench: compile"
        mkdir -p "$WORK/bench-store"
        if (cd "$WORK" && timeout 600 ./psa_bench stress -d "${STRESS_SECONDS:-1}" -T 16 \
            -D "$WORK/bench-store"); then
            ok "psa_bench stress -d ${STRESS_SECONDS:-1} -T 16"
        else
            ko "psa_bench stress -d ${STRESS_SECONDS:-1} -T 16 (exit $?)"
        fi
    fi
fi

echo
for f in "${failures[@]}"; do echo "failed: $f"; done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
