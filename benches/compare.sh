#!/bin/sh
# Runs the benchmark corpus side by side under regolith and every other interpreter found:
# lua5.4 (the reference), luajit -joff (interpreter only) and, with --peers, the pure-Rust
# peers piccolo and luars through the tiny runners in benches/peers/. Runs are interleaved
# (run 1 of every interpreter, then run 2, ...) so a burst of load on the machine hits all
# of them alike. Prints, per program, the median wall time and the peak RSS of each
# interpreter with its ratio to lua5.4, and the geometric mean of the ratios.
#
# Every program prints a checksum line. lua5.4's output is the expected one (regolith's when
# lua5.4 is missing). In the table a cell is a time, or:
#   n/a      the interpreter failed to run the program (LuaJIT is Lua 5.1 and lacks `//`,
#            bitwise operators, integers...; a peer may lack a library function)
#   wrong    it ran but printed a different checksum
#   timeout  it ran longer than the time limit
# Memory-type programs (benches/lua/memory/) run under regolith only; programs there that
# print the same first word (a pair doing the same work) must print the same line.
#
# Usage: bash benches/compare.sh [--quick] [--runs N] [--peers] [--timeout S] [PROGRAM...]
#   --quick      one run, programs scaled to 1% (a smoke test; CI runs this)
#   --runs N     runs per program and interpreter (default 5)
#   --peers      also build (cargo, release) and run the piccolo and luars runners; a peer
#                whose build fails is skipped with a note
#   --timeout S  time limit per run in seconds (default 120, 30 with --quick)
#   PROGRAM...   only these programs (names without .lua, e.g. fib json memory/bytes_memory)
# Environment: REGOLITH_BIN overrides the regolith binary (default target/release/regolith).
# Exit status: 0 if lua5.4 and regolith ran every program and regolith printed lua5.4's
# checksums (and the memory pairs agree), else 1. Other interpreters never fail the run.
set -eu

cd "$(dirname "$0")/.."
runs=5
scale=1
peers=no
limit=""
only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) runs=1; scale=0.01 ;;
    --runs) runs="$2"; shift ;;
    --peers) peers=yes ;;
    --timeout) limit="$2"; shift ;;
    -*) echo "usage: $0 [--quick] [--runs N] [--peers] [--timeout S] [PROGRAM...]" >&2; exit 2 ;;
    *) only="$only $1" ;;
  esac
  shift
done
if [ -z "$limit" ]; then
  if [ "$scale" = 1 ]; then limit=120; else limit=30; fi
fi

regolith="${REGOLITH_BIN:-target/release/regolith}"
if [ ! -x "$regolith" ]; then
  echo "compare.sh: $regolith not found; run 'cargo build --release' first" >&2
  exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Interpreters: a list of labels, the reference first; cmd_<label> holds each command.
labels=""
if command -v lua5.4 >/dev/null 2>&1; then
  labels="lua5.4"; cmd_lua5_4="lua5.4"
else
  echo "note: lua5.4 not found: no ratios, checksums are compared with regolith's" >&2
fi
labels="$labels regolith"; cmd_regolith="$regolith"
if command -v luajit >/dev/null 2>&1; then
  labels="$labels luajit"; cmd_luajit="luajit -joff"
fi

# The peers are built in their own workspaces (benches/peers/*/Cargo.toml has an empty
# [workspace] table), into target/peers, and only when asked: a first build downloads and
# compiles their crates, which takes minutes.
if [ "$peers" = yes ]; then
  for peer in piccolo luars; do
    manifest="benches/peers/$peer-runner/Cargo.toml"
    echo "building the $peer runner (cargo build --release --manifest-path $manifest)" >&2
    if cargo build --release --quiet --manifest-path "$manifest" --target-dir target/peers \
      > "$work/build.$peer" 2>&1; then
      labels="$labels $peer"
      eval "cmd_$peer=target/peers/release/$peer-runner"
    else
      echo "note: the $peer runner did not build; $peer is skipped. Last lines of the build:" >&2
      tail -n 5 "$work/build.$peer" | sed 's/^/  /' >&2
    fi
  done
fi

# Peak RSS needs GNU time (`-f %M`); without it RSS is reported as "-".
gnu_time=""
if [ -x /usr/bin/time ] && /usr/bin/time -f %M -o /dev/null true 2>/dev/null; then
  gnu_time=/usr/bin/time
else
  echo "note: GNU time not found (apt-get install time); peak RSS will not be reported" >&2
fi
# A run that hangs must not hang the comparison: coreutils' timeout ends it (exit 124).
timeout_cmd=""
command -v timeout >/dev/null 2>&1 && timeout_cmd="timeout --kill-after=5 $limit"

# The programs: every benches/lua/*.lua, then benches/lua/memory/*.lua (regolith only).
programs=""
for file in benches/lua/*.lua benches/lua/memory/*.lua; do
  prog=${file#benches/lua/}; prog=${prog%.lua}
  if [ -n "$only" ]; then
    case " $only " in *" $prog "*) ;; *) continue ;; esac
  fi
  programs="$programs $prog"
done
[ -n "$programs" ] || { echo "compare.sh: no program matches:$only" >&2; exit 2; }

results="$work/results"   # lines: program label status seconds rss_kb
: > "$results"

# measure PROG LABEL : one run of PROG under LABEL; appends a result line and leaves the
# output in $work/out (stderr in $work/err). Status: ok, n/a (error exit) or timeout; the
# caller turns ok into wrong when the checksum differs.
measure() {
  prog=$1 label=$2
  cmd=$(eval "echo \"\$cmd_$(echo "$label" | tr . _)\"")
  start=$(date +%s%N)
  code=0
  if [ -n "$gnu_time" ]; then
    # shellcheck disable=SC2086 # cmd and timeout_cmd are commands with arguments
    $gnu_time -f %M -o "$work/rss" $timeout_cmd $cmd "benches/lua/$prog.lua" "$scale" \
      > "$work/out" 2> "$work/err" || code=$?
    rss=$(tail -n 1 "$work/rss")
  else
    # shellcheck disable=SC2086
    $timeout_cmd $cmd "benches/lua/$prog.lua" "$scale" > "$work/out" 2> "$work/err" || code=$?
    rss=-
  fi
  end=$(date +%s%N)
  case $code in
    0) status=ok ;;
    124|137) status=timeout ;;
    *) status=n/a ;;
  esac
  secs=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.4f", (b - a) / 1e9 }')
}

# fatal LABEL : whether a problem of LABEL fails the comparison.
fatal() { [ "$1" = lua5.4 ] || [ "$1" = regolith ]; }

# Notes on failures go to $notes and are shown after the progress line.
notes="$work/notes"
: > "$notes"
for prog in $programs; do
  printf '%s ' "$prog" >&2          # progress
  case $prog in
    memory/*) interps=regolith ;;   # the memory type exists only in regolith
    *) interps=$labels ;;
  esac
  expected="$work/expected.$(echo "$prog" | tr / _)"
  run=1
  while [ "$run" -le "$runs" ]; do
    for label in $interps; do
      measure "$prog" "$label"
      if [ "$status" != ok ]; then
        # Report each interpreter's failure once per program, with its message.
        if [ "$run" -eq 1 ]; then
          if fatal "$label"; then echo "FAIL: $label $prog: $status" >> "$notes"; else echo "note: $label $prog: $status" >> "$notes"; fi
          sed 's/^/  /' "$work/err" | head -n 3 >> "$notes"
        fi
        fatal "$label" && echo fail >> "$work/failed"
      elif [ ! -e "$expected" ]; then
        cp "$work/out" "$expected"   # the first successful output: lua5.4's when it ran
      elif ! cmp -s "$expected" "$work/out"; then
        status=wrong
        if [ "$run" -eq 1 ] || fatal "$label"; then
          echo "MISMATCH: $prog: expected '$(cat "$expected")', $label printed '$(cat "$work/out")'" >> "$notes"
        fi
        fatal "$label" && echo fail >> "$work/failed"
      fi
      echo "$prog $label $status $secs $rss" >> "$results"
    done
    run=$((run + 1))
  done
  # Memory pairs: programs printing the same first word must print the same line.
  case $prog in
    memory/*)
      if [ -e "$expected" ]; then
        key=$(cut -f1 "$expected" | cut -d' ' -f1)
        if [ -e "$work/pair.$key" ] && ! cmp -s "$work/pair.$key" "$expected"; then
          echo "MISMATCH: $prog printed '$(cat "$expected")', its pair printed '$(cat "$work/pair.$key")'" >> "$notes"
          echo fail >> "$work/failed"
        fi
        cp "$expected" "$work/pair.$key"
      fi ;;
  esac
done
echo >&2
cat "$notes" >&2

echo
echo "runs per program: $runs, scale: $scale; medians of wall time (s) and peak RSS (MB),"
echo "(x.xx) = ratio to lua5.4. Other cells: n/a = could not run it, wrong = other checksum."
awk -v labels="$labels" '
  function median(list,   n, v, i, j, t) {
    n = split(list, v, " ")
    for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j - 1] + 0 > v[j] + 0; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
    return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
  }
  {
    if (!($1 in seen)) { seen[$1] = 1; progs[++np] = $1 }
    k = $1 SUBSEP $2
    ran[k] = 1
    # One bad run marks the cell: wrong beats timeout beats n/a.
    if ($3 == "wrong" || ($3 == "timeout" && bad[k] != "wrong") || ($3 == "n/a" && bad[k] == "")) bad[k] = $3
    if ($3 == "ok") {
      times[k] = times[k] " " $4
      if ($5 != "-" && $5 + 0 > rss[k] + 0) rss[k] = $5
    }
  }
  # The value of a cell for metric m ("time" or "rss"), or "" when it has none.
  function value(p, l, m,   k) {
    k = p SUBSEP l
    if (!(k in ran) || (k in bad)) return ""
    if (m == "time") return median(times[k])
    return (k in rss) ? rss[k] / 1024 : ""
  }
  function table(m, title,   i, p, l, k, v, r, cell, ref) {
    printf "\n%s\n%-24s", title, "program"
    for (i = 1; i <= ni; i++) printf " %15s", L[i]
    printf "\n"
    for (i = 1; i <= ni; i++) { logsum[i] = 0; count[i] = 0 }
    for (p = 1; p <= np; p++) {
      printf "%-24s", progs[p]
      ref = (L[1] == "lua5.4") ? value(progs[p], "lua5.4", m) : ""
      for (i = 1; i <= ni; i++) {
        k = progs[p] SUBSEP L[i]
        v = value(progs[p], L[i], m)
        if (!(k in ran)) cell = "-"
        else if (k in bad) cell = bad[k]
        else if (v == "") cell = "-"
        else {
          cell = sprintf(m == "time" ? "%.3f" : "%.1f", v)
          if (L[i] != "lua5.4" && ref != "" && ref > 0 && v > 0) {
            r = v / ref
            cell = cell sprintf(" (%.2f)", r)
            logsum[i] += log(r); count[i]++
          }
        }
        printf " %15s", cell
      }
      printf "\n"
    }
    printf "%-24s", "geometric mean (n)"
    for (i = 1; i <= ni; i++)
      printf " %15s", count[i] ? sprintf("%.2f (%d)", exp(logsum[i] / count[i]), count[i]) : "-"
    printf "\n"
  }
  END {
    ni = split(labels, L, " ")
    table("time", "Time (s)")
    table("rss", "Peak RSS (MB)")
  }' "$results"

if [ -e "$work/failed" ]; then
  echo "compare.sh: lua5.4 or regolith failed, or a checksum differs (see above)" >&2
  exit 1
fi
