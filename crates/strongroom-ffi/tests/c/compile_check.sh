#!/bin/sh
# compile_check.sh -- compile-time checks of the hand-written PSA headers and
# of the C tests. Needs only a C and a C++ compiler (no libstrongroom).
#
#   crates/strongroom-ffi/tests/c/compile_check.sh        (from anywhere)
#
# Environment: CC (default cc), CXX (default c++), PSA_BENCH_C (default
# ../shared/bench/psa_bench.c next to the repository; skipped if absent).
#
# What it checks:
#  1. every header compiles on its own, as C99/C11 and C++11/C++17, with
#     -Wall -Wextra -Werror -pedantic, and crypto.h declares exactly the 105
#     functions of the spec-1.2 set (strongroom.h: 2 more);
#  2. every C test compiles with -std=c99 -Wall -Wextra -Werror -pedantic
#     (-fsyntax-only: they need the library to link), and the C tests also
#     compile as C++11 (g++ -x c++), test_cxx.cc as C++11;
#  3. values_check.c builds, runs, and prints only well-formed, unique
#     NAME=VALUE lines, identically when built as C and as C++;
#  4. the benchmark harness compiles unmodified against the headers:
#     cc -std=c11 -Wall -c -I include psa_bench.c.
# Exit status 0 when everything passes. Prints one line per check.
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
FFI=$(cd "$HERE/../.." && pwd)
INC="$FFI/include"
REPO=$(cd "$FFI/../.." && pwd)
CC=${CC:-cc}
CXX=${CXX:-c++}
PSA_BENCH_C=${PSA_BENCH_C:-$REPO/../shared/bench/psa_bench.c}
WARN="-Wall -Wextra -Werror -pedantic"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/strongroom-cc.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM

pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   $*"; }
ko() { fail=$((fail + 1)); echo "FAIL $*"; }
# run DESCRIPTION COMMAND...: the command's output is shown only on failure.
run() {
    desc=$1
    shift
    if "$@" >"$TMP/out" 2>&1; then
        ok "$desc"
    else
        ko "$desc"
        sed 's/^/     /' "$TMP/out"
    fi
}

# 1. Headers.
for h in psa/error.h psa/crypto_types.h psa/crypto_values.h psa/crypto_sizes.h \
         psa/crypto_struct.h psa/crypto.h strongroom.h; do
    printf '#include <%s>\n#include <%s>\nint strongroom_probe;\n' "$h" "$h" >"$TMP/h.c"
    for std in c99 c11; do
        run "header $h ($std)" $CC -std=$std $WARN -I "$INC" -fsyntax-only "$TMP/h.c"
    done
    for std in c++11 c++17; do
        run "header $h ($std)" $CXX -x c++ -std=$std $WARN -I "$INC" -fsyntax-only "$TMP/h.c"
    done
done

count_functions() {
    printf '#include <%s>\n' "$1" >"$TMP/f.c"
    $CC -std=c99 -E -P -I "$INC" "$TMP/f.c" | tr '\n' ' ' | tr ';' '\n' |
        grep -E '^ *(const +)?[a-z_0-9]+ +\*? *(psa|strongroom)_[a-z0-9_]+ *\(' |
        sed -E 's/^ *(const +)?[a-z_0-9]+ +\*? *((psa|strongroom)_[a-z0-9_]+) *\(.*/\2/' | sort -u
}
n=$(count_functions psa/crypto.h | wc -l)
if [ "$n" -eq 105 ]; then ok "psa/crypto.h declares 105 functions"; else
    ko "psa/crypto.h declares $n functions, expected 105"; fi
n=$(count_functions strongroom.h | wc -l)
if [ "$n" -eq 107 ]; then ok "strongroom.h adds 2 functions"; else
    ko "strongroom.h declares $n functions, expected 107"; fi

# 2. Tests.
for t in "$HERE"/*.c; do
    name=$(basename "$t")
    run "$name (c99)" $CC -std=c99 $WARN -pthread -I "$INC" -I "$HERE" -fsyntax-only "$t"
    run "$name (as c++11)" $CXX -x c++ -std=c++11 $WARN -pthread -I "$INC" -I "$HERE" \
        -fsyntax-only "$t"
done
for t in "$HERE"/*.cc; do
    run "$(basename "$t") (c++11)" $CXX -std=c++11 $WARN -I "$INC" -I "$HERE" -fsyntax-only "$t"
done

# 3. values_check.
if $CC -std=c99 $WARN -I "$INC" "$HERE/values_check.c" -o "$TMP/values_c" 2>"$TMP/out" &&
   "$TMP/values_c" >"$TMP/values_c.txt"; then
    ok "values_check builds and runs ($(wc -l <"$TMP/values_c.txt") lines)"
    bad=$(grep -cvE '^[A-Za-z_][^=]*=-?[0-9]+$' "$TMP/values_c.txt")
    if [ "$bad" -eq 0 ]; then ok "values_check lines are NAME=VALUE"; else
        ko "values_check: $bad malformed lines"; fi
    dups=$(cut -d= -f1 "$TMP/values_c.txt" | sort | uniq -d | wc -l)
    if [ "$dups" -eq 0 ]; then ok "values_check names are unique"; else
        ko "values_check: $dups duplicate names"; fi
    if $CXX -x c++ -std=c++11 $WARN -I "$INC" "$HERE/values_check.c" -o "$TMP/values_cxx" \
           2>"$TMP/out" && "$TMP/values_cxx" | cmp -s - "$TMP/values_c.txt"; then
        ok "values_check prints the same values as C++"
    else
        ko "values_check differs when built as C++"
    fi
else
    ko "values_check builds and runs"
    sed 's/^/     /' "$TMP/out"
fi

# 4. The benchmark harness, unmodified.
if [ -f "$PSA_BENCH_C" ]; then
    run "psa_bench.c compiles (c11 -Wall)" $CC -std=c11 -Wall -c -I "$INC" "$PSA_BENCH_C" \
        -o "$TMP/psa_bench.o"
else
    echo "skip psa_bench.c not found at $PSA_BENCH_C (set PSA_BENCH_C)"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
