#!/usr/bin/env python3
"""compdb.py CC "CFLAGS" FILE... - write compile_commands.json to stdout,
so clangd and clang-tidy see exactly the flags the Makefile uses."""
import json
import os
import shlex
import sys

cc, cflags, files = sys.argv[1], sys.argv[2], sys.argv[3:]
root = os.getcwd()
entries = [{
    "directory": root,
    "file": f,
    "arguments": [cc] + shlex.split(cflags) + ["-c", f, "-o", "build/" + f[:-2] + ".o"],
} for f in files]
json.dump(entries, sys.stdout, indent=1)
print()
