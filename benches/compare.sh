#!/bin/sh
# Runs every benches/lua/*.lua program under regolith, lua5.4 and (if present) luajit -joff,
# interleaved, and prints median wall time, ratio regolith/lua5.4 and peak RSS per program,
# plus the geometric mean of the ratios. Checks that all interpreters print the same checksum.
#
# Usage: bash benches/compare.sh [--quick] [--runs N]
#   --quick    one run per interpreter, programs scaled down to 1% (a smoke test)
#   --runs N   runs per program and interpreter (default 5)
# Environment: REGOLITH_BIN overrides the regolith binary (default target/release/regolith).
# Exit status: 0 if every regolith and lua5.4 run succeeded with the same checksum, else 1
# (luajit, a Lua 5.1 implementation, cannot run every program; its failures are only shown).
set -eu

cd "$(dirname "$0")/.."
runs=5
scale=1
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) runs=1; scale=0.01 ;;
    --runs) runs="$2"; shift ;;
    *) echo "usage: $0 [--quick] [--runs N]" >&2; exit 2 ;;
  esac
  shift
done

regolith="${REGOLITH_BIN:-target/release/regolith}"
if [ ! -x "$regolith" ]; then
  echo "compare.sh: $regolith not found; run 'cargo build --release' first" >&2
  exit 2
fi

# Interpreters as "label|command" lines; regolith first, lua5.4 is the reference for ratios.
interps="regolith|$regolith"
command -v lua5.4 >/dev/null 2>&1 && interps="$interps
lua5.4|lua5.4"
command -v luajit >/dev/null 2>&1 && interps="$interps
luajit|luajit -joff"

# Peak RSS needs GNU time (`-f %M`); without it RSS is reported as "-".
gnu_time=""
if [ -x /usr/bin/time ] && /usr/bin/time -f %M -o /dev/null true 2>/dev/null; then
  gnu_time=/usr/bin/time
else
  echo "note: GNU time not found (apt-get install time); peak RSS will not be reported" >&2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
results="$work/results"   # lines: program label seconds rss_kb
: > "$results"
status=0

now_ns() { date +%s%N; }

# measure LABEL COMMAND... : runs one program, appends a result line, prints its stdout path.
measure() {
  label=$1; shift
  start=$(now_ns)
  if [ -n "$gnu_time" ]; then
    "$gnu_time" -f %M -o "$work/rss" "$@" > "$work/out.$label" 2> "$work/err.$label" || return 1
    rss=$(tail -n 1 "$work/rss")
  else
    "$@" > "$work/out.$label" 2> "$work/err.$label" || return 1
    rss=-
  fi
  end=$(now_ns)
  echo "$prog $label $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.4f", (b - a) / 1e9 }') $rss" >> "$results"
}

for file in benches/lua/*.lua; do
  prog=$(basename "$file" .lua)
  printf '%s ' "$prog" >&2          # progress
  run=1
  while [ "$run" -le "$runs" ]; do
    reference=""
    echo "$interps" | while IFS='|' read -r label cmd; do
      # Failures of regolith or lua5.4 fail the comparison. LuaJIT implements Lua 5.1, so
      # programs using 5.3+ syntax (`//`, `&`) or integer formatting are only noted for it.
      fatal=yes
      [ "$label" = luajit ] && fatal=no
      # shellcheck disable=SC2086 # cmd is a command with arguments
      if ! measure "$label" $cmd "$file" "$scale"; then
        echo "FAIL: $label $file exited with an error:" >&2
        sed 's/^/  /' "$work/err.$label" >&2
        [ "$fatal" = yes ] && echo fail >> "$work/failed"
        continue
      fi
      if [ -z "$reference" ]; then
        reference=$label
      elif ! cmp -s "$work/out.$reference" "$work/out.$label"; then
        echo "MISMATCH: $file: $reference printed '$(cat "$work/out.$reference")'," \
          "$label printed '$(cat "$work/out.$label")'" >&2
        [ "$fatal" = yes ] && echo fail >> "$work/failed"
      fi
    done
    run=$((run + 1))
  done
done
echo >&2
[ -e "$work/failed" ] && status=1

labels=$(echo "$interps" | cut -d'|' -f1 | tr '\n' ' ')
echo
echo "runs per program: $runs, scale: $scale, times are medians in seconds, RSS is the peak in MB"
awk -v labels="$labels" '
  function median(list,   n, v, i, j, t) {
    n = split(list, v, " ")
    for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j - 1] + 0 > v[j] + 0; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
    return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
  }
  {
    if (!($1 in seen)) { seen[$1] = 1; progs[++np] = $1 }
    times[$1, $2] = times[$1, $2] " " $3
    if ($4 != "-" && $4 + 0 > rss[$1, $2] + 0) rss[$1, $2] = $4
    if ($4 == "-") rss[$1, $2] = "-"
  }
  END {
    ni = split(labels, L, " ")
    printf "%-12s", "program"
    for (i = 1; i <= ni; i++) printf " %10s", L[i]
    printf " %9s", "ratio"
    for (i = 1; i <= ni; i++) printf " %12s", "rss:" L[i]
    printf "\n"
    for (p = 1; p <= np; p++) {
      prog = progs[p]
      printf "%-12s", prog
      for (i = 1; i <= ni; i++) {
        m[i] = ((prog, L[i]) in times) ? median(times[prog, L[i]]) : ""
        printf " %10s", m[i] == "" ? "-" : sprintf("%.3f", m[i])
      }
      if (ni >= 2 && L[2] == "lua5.4" && m[1] != "" && m[2] != "" && m[2] > 0) {
        r = m[1] / m[2]; printf " %9.2f", r; logsum += log(r); nr++
      } else printf " %9s", "-"
      for (i = 1; i <= ni; i++) {
        v = rss[prog, L[i]]
        printf " %12s", (v == "" || v == "-") ? "-" : sprintf("%.1f", v / 1024)
      }
      printf "\n"
    }
    if (nr > 0) printf "geometric mean of ratios regolith/lua5.4: %.2f (%d programs)\n", exp(logsum / nr), nr
    else print "no ratios: lua5.4 not found or no successful runs"
  }' "$results"

[ "$status" -eq 0 ] || echo "compare.sh: some runs failed or checksums differ (see above)" >&2
exit "$status"
