#!/usr/bin/env bash
# Tests/Fuzz/run.sh TARGET SECONDS [libFuzzer options...]
#   Builds the libFuzzer target Tests/Fuzz/Targets/TARGET.swift (with AddressSanitizer) and runs it
#   for SECONDS on one worker, starting from the seed corpus Tests/Fuzz/seeds.sh assembles from the
#   test fixtures. New inputs it finds are kept in .build-fuzz/corpus/TARGET; a crash is written
#   to .build-fuzz/crashes/TARGET/ and the script exits non-zero.
#   Tests/Fuzz/run.sh --build-only [TARGET...] builds without running; Tests/Fuzz/run.sh --list lists targets.
#
# Why a script and not `swift build --sanitize=fuzzer`: that instruments and rebuilds every
# dependency of the package (argument-parser, GRDB, package-benchmark...) into another .build,
# and the fuzz entry points are not the package's own executables. Here swiftc compiles just the
# library targets the targets need, each once, into .build-fuzz/modules.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
out="$root/.build-fuzz"
modules="$out/modules"
targets=(yaml-parser plan-loading plan-decoding-paths plan-file-reading program-loading roster-csv plugin-reply journal-import)

usage() { echo "usage: Tests/Fuzz/run.sh TARGET SECONDS [libFuzzer options] | --build-only [TARGET...] | --list" >&2; exit 2; }

# The library targets, in dependency order: name and source folder.
library_modules=(
    "Diagnostics Sources/Diagnostics"
    "PlanYAML Sources/PlanYAML"
    "MentorCore Sources/MentorCore"
    "Assignment Sources/Assignment"
    "MentorMatch Sources/MentorMatch"
    "OneToOneProgram Plugins/ProgramTypes/OneToOne"
    "ReverseProgram Plugins/ProgramTypes/Reverse"
    "CircleProgram Plugins/ProgramTypes/Circle"
    "PeerProgram Plugins/ProgramTypes/Peer"
    "BuiltInProgramTypes Plugins/ProgramTypes/BuiltIn"
    "ExternalProgramTypes Sources/ExternalProgramTypes"
)
# -O keeps Swift's own checks (overflow, bounds, force unwrap) and runs ~5x the executions of -Onone;
# -enable-testing lets a target reach internal entry points (plugin reply decoding) with @testable.
swift_flags=(-swift-version 6 -O -g -enable-testing -sanitize=fuzzer,address -parse-as-library
             -I "$root/Sources/CLibYAML" -I "$modules" -I "$out/cmodules/CProcessControl")

# CProcessControl, the C helpers ExternalProgramTypes calls (SwiftPM makes its module map from
# include/; swiftc needs one written out).
build_c_modules() {
    local header="$root/Sources/CProcessControl/include/CProcessControl.h" map="$out/cmodules/CProcessControl"
    mkdir -p "$map" "$modules"
    printf 'module CProcessControl {\n    header "%s"\n    export *\n}\n' "$header" > "$map/module.modulemap.new"
    cmp -s "$map/module.modulemap.new" "$map/module.modulemap" 2>/dev/null || mv "$map/module.modulemap.new" "$map/module.modulemap"
    rm -f "$map/module.modulemap.new"
    if [ ! -f "$modules/CProcessControl.o" ] || [ "$root/Sources/CProcessControl/CProcessControl.c" -nt "$modules/CProcessControl.o" ]; then
        echo "fuzz: compiling CProcessControl" >&2
        clang -O1 -g -fsanitize=fuzzer-no-link,address -I "$root/Sources/CProcessControl/include" \
            -c "$root/Sources/CProcessControl/CProcessControl.c" -o "$modules/CProcessControl.o"
    fi
}

build_modules() {
    build_c_modules
    local entry name folder stamp sources rebuilt=""
    for entry in "${library_modules[@]}"; do
        read -r name folder <<<"$entry"
        stamp="$modules/$name.o"
        # Rebuild a module when one of its sources is newer, and every module after one rebuilt
        # (the list is in dependency order; rebuilding a few extra is cheaper than tracking imports).
        if [ -z "$rebuilt" ] && [ -f "$stamp" ] && [ -z "$(find "$folder" -name '*.swift' -newer "$stamp")" ]; then
            continue
        fi
        rebuilt=1
        sources=$(find "$folder" -name '*.swift' | sort)
        echo "fuzz: compiling $name" >&2
        # shellcheck disable=SC2086
        swiftc "${swift_flags[@]}" -module-name "$name" -wmo -emit-module -emit-module-path "$modules/$name.swiftmodule" \
            -c -o "$stamp" $sources
        touch "$stamp"  # the compiler may keep an unchanged object file's old time
    done
}

build_target() {
    local target="$1" binary="$out/bin/$1"
    [ -f "Tests/Fuzz/Targets/$target.swift" ] || { echo "fuzz: no target '$target' (Tests/Fuzz/run.sh --list)" >&2; exit 2; }
    mkdir -p "$out/bin"
    if [ -x "$binary" ] && [ -z "$(find "Tests/Fuzz/Targets/$target.swift" Tests/Fuzz/Support.swift "$modules" -newer "$binary" -name '*.*')" ]; then
        return
    fi
    echo "fuzz: linking $target" >&2
    swiftc "${swift_flags[@]}" -module-name FuzzTarget "Tests/Fuzz/Targets/$target.swift" Tests/Fuzz/Support.swift \
        "$modules"/*.o -lyaml -o "$binary" 2> >(grep -v "Cannot export local symbol '__asan" >&2)
}

[ $# -ge 1 ] || usage
case "$1" in
    --list) printf '%s\n' "${targets[@]}"; exit 0 ;;
    --build-only)
        shift
        build_modules
        for target in "${@:-${targets[@]}}"; do build_target "$target"; done
        exit 0 ;;
esac
[ $# -ge 2 ] || usage
target="$1" seconds="$2"; shift 2
build_modules
build_target "$target"

corpus="$out/corpus/$target" crashes="$out/crashes/$target"
mkdir -p "$corpus" "$crashes"
seeds="$(mktemp -d)"
trap 'rm -rf "$seeds"' EXIT
"$root/Tests/Fuzz/seeds.sh" "$target" "$seeds"
# YAML syntax and the plan and program keys help the YAML targets past the first few bytes.
dictionary=()
case "$target" in yaml-parser|plan-loading|plan-decoding-paths|plan-file-reading|program-loading) dictionary=(-dict="$root/Tests/Fuzz/Dictionaries/yaml.dict") ;; esac

# SWIFT_BACKTRACE=enable=no: Swift's crash handler would otherwise report an ASan error of its
# own instead of the bug. The first corpus folder collects new inputs; the seeds are read only.
echo "fuzz: running $target for ${seconds}s" >&2
SWIFT_BACKTRACE=enable=no MENTORKIT_ROOT="$root" ASAN_OPTIONS="detect_leaks=0:${ASAN_OPTIONS:-}" \
    "$out/bin/$target" -max_total_time="$seconds" -print_final_stats=1 \
    -artifact_prefix="$crashes/" -max_len=65536 -timeout=10 -rss_limit_mb=2048 "${dictionary[@]}" "$@" "$corpus" "$seeds"
