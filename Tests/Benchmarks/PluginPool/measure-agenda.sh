#!/bin/bash
# Paired whole-process timings of `mentor agenda` for the flash example (issue 15 item 2).
# Usage: Tests/Benchmarks/PluginPool/measure-agenda.sh BEFORE-MENTOR AFTER-MENTOR ROUNDS
# "flash-before" is the flash example as it was before protocol 2 (commit 6ba5e4c, protocol 1
# only); "builtin" is the same program with type one-to-one. BEFORE and AFTER may be one binary.
# Prints one line per command per round (label, microseconds), then medians and the goal ratio.
set -e
before=$1 after=$2 rounds=${3:-15}
repo=$(cd "$(dirname "$0")/../../.." && pwd)
bench=$(mktemp -d)
mkdir -p $bench/flash-after/plugins $bench/flash-before/plugins $bench/builtin $bench/cfg
cp $repo/Plugins/Examples/flash/flash.yaml $bench/flash-after/
cp $repo/Plugins/Examples/flash/plugins/mentor-program-flash $bench/flash-after/plugins/
cp $repo/Plugins/Examples/flash/flash.yaml $bench/flash-before/
git -C $repo show 6ba5e4c:Plugins/Examples/flash/plugins/mentor-program-flash > $bench/flash-before/plugins/mentor-program-flash
chmod +x $bench/flash-before/plugins/mentor-program-flash
sed 's/^type: flash/type: one-to-one/' $repo/Plugins/Examples/flash/flash.yaml > $bench/builtin/program.yaml
set +e
export MENTORKIT_CONFIG_HOME=$bench/cfg
"$before" plugin trust $bench/flash-before/plugins >/dev/null
"$after" plugin trust $bench/flash-after/plugins >/dev/null
us() { local s=$(date +%s%N); "$@" >/dev/null 2>&1 || echo "FAILED: $*" >&2; echo $(( ($(date +%s%N) - s) / 1000 )); }
for round in $(seq "$rounds"); do
  echo "before-flash $(us "$before" agenda $bench/flash-before/flash.yaml --group aziz-brandt --meeting 2)"
  echo "after-flash $(us "$after" agenda $bench/flash-after/flash.yaml --group aziz-brandt --meeting 2)"
  echo "after-builtin $(us "$after" agenda $bench/builtin/program.yaml --group aziz-brandt --meeting 2)"
  echo "python-start $(us python3 -c 'import json, os, sys')"
  echo "after-v1-plugin $(us "$after" agenda $bench/flash-before/flash.yaml --group aziz-brandt --meeting 2)"
  echo "before-builtin $(us "$before" agenda $bench/builtin/program.yaml --group aziz-brandt --meeting 2)"
done | tee $bench/runs.txt
python3 - $bench/runs.txt <<'PY'
import sys, statistics, collections
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    label, value = line.split()
    runs[label].append(int(value) / 1000)
med = {k: statistics.median(v) for k, v in runs.items()}
for k, v in med.items(): print("%-16s median %7.1f ms  (min %.1f, max %.1f, n=%d)" % (k, v, min(runs[k]), max(runs[k]), len(runs[k])))
goal = med["python-start"] + med["after-builtin"]
print("goal: after-flash / (python-start + after-builtin) = %.1f / %.1f = %.2fx (target < 1.5x)" % (med["after-flash"], goal, med["after-flash"] / goal))
print("before-flash / after-flash = %.2fx" % (med["before-flash"] / med["after-flash"]))
PY
