#!/usr/bin/env bash
# Tests/Fuzz/seeds.sh TARGET FOLDER: copies TARGET's seed inputs into FOLDER. Seeds come from the
# test fixtures and shipped files (so they follow the formats as those change) plus the few
# hand-made ones in Tests/Fuzz/Seeds/TARGET.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
target="$1" folder="$2"
mkdir -p "$folder"
cd "$root"
copy() { local file; while IFS= read -r file; do cp "$file" "$folder/$(echo "$file" | tr '/' '_')"; done; }
case "$target" in
    yaml-parser|plan-loading|plan-decoding-paths|plan-file-reading)
        { find Tests/MentorCoreTests/Malformed Plans -name '*.yaml' -o -name '*.yml'; } | copy ;;
    program-loading)
        { find Plans/examples -name '*.yaml'; find Tests/MentorCoreTests/Malformed -name '*.yaml'; } | copy ;;
    roster-csv)
        find Plans/examples Tests -name '*.csv' | copy ;;
    plugin-reply|journal-import) ;;
    *) echo "seeds: no target '$target'" >&2; exit 2 ;;
esac
if [ -d "Tests/Fuzz/Seeds/$target" ]; then find "Tests/Fuzz/Seeds/$target" -type f | copy; fi
