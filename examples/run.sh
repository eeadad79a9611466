#!/bin/sh
# `make run`: the main job on the built-in example. Copies examples/postfix to build/example,
# builds its lookup tables with mfmap/mfalias, then checks and compiles the configuration with
# mfcc into build/example/mf.snapshot. Each tool runs as soon as it is part of the build.
# Usage: examples/run.sh BIN_DIR
set -eu
bin_dir=$(cd "$1" && pwd)
top=$(cd "$(dirname "$0")/.." && pwd)
example="$top/build/example"
rm -rf "$example"
mkdir -p "$example"
cp "$top"/examples/postfix/* "$example/"
# The example names its tables under $config_directory: point it at the copy.
printf 'config_directory = %s\n' "$example" >> "$example/main.cf"
echo "example configuration: $example"

ran=0
if [ -x "$bin_dir/mfmap" ]; then
    for table in virtual vmailbox recipient_access; do
        echo "\$ mfmap -c $example hash:$example/$table"
        "$bin_dir/mfmap" -c "$example" "hash:$example/$table"
    done
    echo "\$ mfalias -c $example hash:$example/aliases"
    "$bin_dir/mfalias" -c "$example" "hash:$example/aliases"
    echo "\$ mfmap -q sales@example.net hash:$example/virtual"
    "$bin_dir/mfmap" -q sales@example.net "hash:$example/virtual"
    ran=1
else
    echo "mfmap: not built yet, tables not built"
fi

if [ -x "$bin_dir/mfcc" ]; then
    echo "\$ mfcc -o $example/mf.snapshot $example"
    "$bin_dir/mfcc" -o "$example/mf.snapshot" "$example"
    echo "\$ mfcc -n $example"
    "$bin_dir/mfcc" -n "$example"
    ran=1
else
    echo "mfcc: not built yet, configuration not checked"
fi
[ "$ran" -eq 1 ] || { echo "make run: no tool is built yet"; exit 1; }
