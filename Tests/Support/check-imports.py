#!/usr/bin/env python3
"""Checks that every module a target's Swift files import is declared among that target's
dependencies in Package.swift, so nothing builds by transitive visibility alone (issue 17 item 1).

Usage: python3 Tests/Support/check-imports.py   (from anywhere; exit 1 and one line per finding)
The package description comes from `swift package dump-package`, run with its own scratch folder
so that it never waits for a build holding .build's lock.
"""
import json, os, re, subprocess, sys, glob

os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
desc = json.loads(subprocess.run(['swift', 'package', '--scratch-path', os.environ.get('DUMP_SCRATCH', '.build-dump-package'), 'dump-package'], capture_output=True, text=True, check=True).stdout)
system = {'Foundation', 'FoundationEssentials', 'Glibc', 'Darwin', 'Dispatch', 'Testing', 'XCTest', 'PackagePlugin',
          'Synchronization', 'os', 'Musl', 'CoreFoundation', 'FoundationNetworking', 'Benchmark', 'ucrt', 'WinSDK'}
bad = 0
for t in desc['targets']:
    name = t['name']
    kind = t['type']
    if kind in ('system', 'plugin'): continue
    path = t.get('path') or (('Tests/' if kind == 'test' else 'Sources/') + name)
    declared = set()
    for d in t.get('dependencies', []):
        for k in ('byName', 'target', 'product'):
            if k in d:
                declared.add(d[k][0])
    for f in glob.glob(path + '/**/*.swift', recursive=True):
        for line in open(f):
            m = re.match(r'^(?:@testable |@preconcurrency |@_spi\(\w+\) )?import (?:(?:struct|class|enum|func|protocol) )?(\w+)', line)
            if m:
                mod = m.group(1)
                if mod in system or mod == name or mod in declared: continue
                print(f'{f}: imports {mod}, which {name} does not declare in Package.swift'); bad += 1
sys.exit(1 if bad else 0)
