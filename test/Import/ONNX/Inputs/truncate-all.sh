#!/usr/bin/env bash
# Feeds qcc prefixes of MODEL (each one a corrupt protobuf) and fails unless
# every run exits with code 1 (a crash ends with a signal: a code above 128),
# prints exactly one line and leaves no output file.
# Usage: truncate-all.sh QCC MODEL TMPFILE
qcc=$1 model=$2 tmp=$3
size=$(stat -c %s "$model")
for n in 0 1 2 7 16 100 1000 $((size / 3)) $((size / 2)) $((size - 100)) $((size - 1)); do
  head -c "$n" "$model" > "$tmp"
  rm -f "$tmp.out"
  "$qcc" "$tmp" -o "$tmp.out" > /dev/null 2> "$tmp.err"
  code=$?
  lines=$(wc -l < "$tmp.err")
  if [ "$code" -ne 1 ] || [ -e "$tmp.out" ] || [ "$lines" -ne 1 ]; then
    echo "prefix $n of $size bytes: exit $code, $lines lines:"
    cat "$tmp.err"
    exit 1
  fi
done
echo "all prefixes rejected cleanly"
