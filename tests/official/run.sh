#!/usr/bin/env bash
# Run the official Lua 5.4 test suite (the `testes` folder of lua/lua),
# one file per process, the way testes/all.lua does, and print a table.
#
# usage: tests/official/run.sh [--skip-known] TESTES_DIR [INTERPRETER] [FILE.lua ...]
#   --skip-known run a copy of the suite with the lines listed in `known-differences`
#                (behaviour regolith differs from by design) blanked
#   TESTES_DIR   path of an extracted `testes` folder (Lua 5.4.8)
#   INTERPRETER  default: target/release/regolith (e.g. `lua5.4` to compare)
#   FILE.lua     optional subset of files to run (default: all but all.lua)
# env: TIMEOUT (seconds per file, default 60)
set -u

known=$(cd "$(dirname "$0")" && pwd)/known-differences
skip_known=false
if [[ ${1:-} == --skip-known ]]; then skip_known=true; shift; fi

testes=${1:?usage: $0 TESTES_DIR [INTERPRETER] [FILE.lua ...]}
interp=${2:-target/release/regolith}
shift $(( $# >= 2 ? 2 : 1 ))
timeout_s=${TIMEOUT:-60}

# resolve the interpreter to an absolute path (we cd into testes/)
if [[ $interp == */* ]]; then
  interp=$(cd "$(dirname "$interp")" && pwd)/$(basename "$interp")
else
  interp=$(command -v "$interp") || { echo "no interpreter '$2'" >&2; exit 2; }
fi
cd "$testes" || exit 2
[[ -f all.lua ]] || { echo "$testes: no all.lua here" >&2; exit 2; }

# blank each known-difference line in a private copy, after checking it reads as expected
declare -A skipped=()
if $skip_known; then
  copy=$(mktemp -d); cp -r . "$copy"; cd "$copy" || exit 2
  while IFS='|' read -r file line text why; do
    [[ -z $file || $file == \#* ]] && continue
    if [[ $(sed -n "${line}p" "$file" 2>/dev/null) == *"$text"* ]]; then
      sed -i "${line}s/.*//" "$file"
      skipped[$file]=$(( ${skipped[$file]:-0} + 1 ))
    else
      echo "warning: $file:$line does not read '$text'; not skipped" >&2
    fi
  done <"$known"
fi

if (( $# > 0 )); then files=("$@"); else
  files=(); for f in *.lua; do [[ $f != all.lua ]] && files+=("$f"); done
fi

# same globals as all.lua: _soft/_port/_nomsg, ARG = arg, and no global `debug`
prelude='_soft = true; _port = true; _nomsg = true; _G.ARG = arg; debug = nil'
log=$(mktemp); trap 'rm -f "$log"; $skip_known && rm -rf "$copy"' EXIT
npass=0
printf '%-16s %-1s %-8s %7s  %s\n' FILE T RESULT SECONDS ERROR
for f in "${files[@]}"; do
  start=$EPOCHREALTIME
  { timeout -k 5 "$timeout_s" "$interp" -e "$prelude" -e "dofile('$f')" \
      </dev/null >/dev/null 2>"$log"; } 2>/dev/null   # no shell crash notices
  rc=$?
  secs=$(awk "BEGIN { print $EPOCHREALTIME - $start }")
  if (( rc == 0 )); then res=pass; npass=$((npass + 1)); msg=
    [[ -n ${skipped[$f]:-} ]] && msg="(${skipped[$f]} known-difference lines skipped)"
  elif (( rc == 124 || rc == 137 )); then res=TIMEOUT; msg="(killed after ${timeout_s}s)"
  elif (( rc > 128 )); then res=CRASH; msg="(killed by signal $((rc - 128)))"
  else res=FAIL; msg=$(grep -m1 -v '^\s*$' "$log" | cut -c1-160)
    [[ -n $msg ]] || msg="(exit status $rc, no message)"
  fi
  # mark files that use the internal C test library `T` (they skip those parts)
  grep -qE '\<T\.[a-z]|"T"|\<T *[=~]=' "$f" && t=T || t=
  printf '%-16s %-1s %-8s %7.2f  %s\n' "$f" "$t" "$res" "$secs" "$msg"
done
echo "passed $npass of ${#files[@]} with $interp (T = file uses the C test library T, absent here)"
$skip_known && echo "lines skipped: see tests/official/known-differences"
