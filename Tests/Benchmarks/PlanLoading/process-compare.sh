#!/bin/sh
# What a user waits for: `mentor plans lint FILE` (the whole process) against the floor, a C
# program running libyaml's bare event loop over the same file (libyaml-floor.c). Builds the
# floor with gcc, writes the plan with the benchmark's own generator (GeneratedPlan.swift), then
# times both in pairs (floor, mentor, floor, mentor...) and prints medians and the ratios of wall
# time and peak memory. No network; everything goes to a scratch folder.
#
#   Tests/Benchmarks/PlanLoading/process-compare.sh [MENTOR] [MEGABYTES] [RUNS]
#
# MENTOR defaults to the release build (swift build -c release --scratch-path .build-release
# --product mentor); MEGABYTES to 16; RUNS to 9. Needs gcc, libyaml-dev, swiftc and GNU time.
# START=1 also times start-up alone: `mentor --version` against a hello-world Swift program.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
mentor=${1:-$root/.build-release/release/mentor}
megabytes=${2:-16}
runs=${3:-9}
work=${TMPDIR:-/tmp}/mentorkit-plan-compare
mkdir -p "$work"

[ -x "$mentor" ] || { echo "no mentor binary at $mentor; build it with: swift build -c release --scratch-path .build-release --product mentor" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "GNU time (/usr/bin/time) is needed: apt-get install time" >&2; exit 2; }

# The floor, built from source each time (a second of gcc).
gcc -O2 "$here/libyaml-floor.c" -lyaml -o "$work/libyaml-floor"

# The plan, from the same generator the in-process benchmark uses.
plan=$work/generated-$megabytes.yaml
if [ ! -s "$plan" ] || [ "$here/GeneratedPlan.swift" -nt "$plan" ]; then
    printf 'print(generatedPlan(bytes: %s << 20), terminator: "")\n' "$megabytes" > "$work/main.swift"
    swiftc -O "$here/GeneratedPlan.swift" "$work/main.swift" -o "$work/generate-plan"
    "$work/generate-plan" > "$plan"
fi
bytes=$(wc -c < "$plan")

# One timed run: prints "wall-ms peak-KB cpu-ms" (wall clock from date; peak RSS and user+system
# CPU time from GNU time). On a shared machine CPU time is the steadier of the two.
measure() {
    start=$(date +%s%N)
    /usr/bin/time -f '%M %U %S' -o "$work/rss" "$@" > "$work/out" 2> "$work/err" || {
        echo "failed: $*" >&2; cat "$work/err" "$work/out" >&2; exit 1; }
    end=$(date +%s%N)
    awk -v ms="$(( (end - start) / 1000000 ))" '{ printf "%d %d %d\n", ms, $1, ($2 + $3) * 1000 }' "$work/rss"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# Paired runs of two commands, then their medians and ratios. $1 and $2 are labels.
compare() {
    label_a=$1; label_b=$2; shift 2
    a_cmd=$1; b_cmd=$2
    : > "$work/a"; : > "$work/b"
    i=0
    while [ "$i" -lt "$runs" ]; do
        measure sh -c "$a_cmd" >> "$work/a"
        measure sh -c "$b_cmd" >> "$work/b"
        i=$((i + 1))
    done
    a_ms=$(cut -d' ' -f1 "$work/a" | median); a_kb=$(cut -d' ' -f2 "$work/a" | median); a_cpu=$(cut -d' ' -f3 "$work/a" | median)
    b_ms=$(cut -d' ' -f1 "$work/b" | median); b_kb=$(cut -d' ' -f2 "$work/b" | median); b_cpu=$(cut -d' ' -f3 "$work/b" | median)
    printf '%-30s wall %6s ms  cpu %6s ms  peak %7s KB  (wall runs: %s)\n' "$label_a" "$a_ms" "$a_cpu" "$a_kb" "$(cut -d' ' -f1 "$work/a" | tr '\n' ' ')"
    printf '%-30s wall %6s ms  cpu %6s ms  peak %7s KB  (wall runs: %s)\n' "$label_b" "$b_ms" "$b_cpu" "$b_kb" "$(cut -d' ' -f1 "$work/b" | tr '\n' ' ')"
    awk -v a="$a_ms" -v b="$b_ms" -v ac="$a_cpu" -v bc="$b_cpu" -v ak="$a_kb" -v bk="$b_kb" \
        'BEGIN { printf "medians: wall %.2fx, cpu %.2fx, peak memory %.2fx\n", b / a, (ac > 0 ? bc / ac : 0), bk / ak }'
}

echo "plan: $plan ($bytes bytes), $runs paired runs"
compare "libyaml event loop (C floor)" "mentor plans lint" \
    "'$work/libyaml-floor' '$plan'" "'$mentor' plans lint '$plan'"
awk -v k="$(cut -d' ' -f2 "$work/b" | median)" -v b="$bytes" \
    'BEGIN { printf "mentor peak memory / file size: %.2fx\n", k * 1024 / b }'

if [ "${START:-0}" = 1 ]; then
    echo 'print("hello")' > "$work/hello.swift"
    swiftc -O "$work/hello.swift" -o "$work/hello"
    echo
    compare "hello-world Swift program" "mentor --version" "'$work/hello'" "'$mentor' --version"
fi
