#!/bin/sh
# Times the memory benchmarks (benches/lua/memory/) under regolith and prints, per pair, the
# median wall time of each side and their ratio. Each pair does the same work and prints
# the same checksum (checked here):
#   bytes_strings / bytes_memory  how much faster m[i] is than building strings (goal: >= 5)
#   find_memory / find_string     memory.find against string.find(s, p, 1, true) (goal: <= 1.2)
#   records_strings / records_memory  binary records updated in place with typed access
#                                 against string.pack/string.unpack (no goal: a measurement)
# The setup both find programs share (filling 1 MiB byte by byte) is timed by running them
# with 0 rounds and subtracted.
#
# Usage: bash benches/memory.sh [--runs N]      (default 5 runs per program)
# Environment: REGOLITH_BIN overrides the binary (default target/release/regolith).
set -eu
cd "$(dirname "$0")/.."
runs=5
[ "${1:-}" = "--runs" ] && runs=$2
bin="${REGOLITH_BIN:-target/release/regolith}"
[ -x "$bin" ] || { echo "memory.sh: $bin not found; run 'cargo build --release' first" >&2; exit 2; }
dir=benches/lua/memory

# median SECONDS of `runs` runs of PROGRAM [ARGS...]; the checksum goes to $out.
median() {
  prog=$1; shift
  times=""
  i=0
  while [ "$i" -lt "$runs" ]; do
    start=$(date +%s%N)
    out=$("$bin" "$dir/$prog.lua" "$@")
    end=$(date +%s%N)
    times="$times $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.4f", (b - a) / 1e9 }')"
    i=$((i + 1))
  done
  echo "$times" | tr ' ' '\n' | sed '/^$/d' | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

pair() {  # pair LABEL SLOW FAST [SETUP_ARGS] : both medians (less the setup's) and SLOW/FAST
  label=$1 slow=$2 fast=$3 setup=${4:-}
  a=$(median "$slow"); out_a=$("$bin" "$dir/$slow.lua")
  b=$(median "$fast"); out_b=$("$bin" "$dir/$fast.lua")
  [ "$out_a" = "$out_b" ] || { echo "MISMATCH: $slow printed '$out_a', $fast printed '$out_b'" >&2; exit 1; }
  if [ -n "$setup" ]; then
    # shellcheck disable=SC2086 # setup is a list of arguments
    sa=$(median "$slow" $setup); sb=$(median "$fast" $setup)
    a=$(awk -v x="$a" -v y="$sa" 'BEGIN { print x - y }'); b=$(awk -v x="$b" -v y="$sb" 'BEGIN { print x - y }')
  fi
  awk -v l="$label" -v x="$slow" -v y="$fast" -v a="$a" -v b="$b" \
    'BEGIN { printf "%-7s %-15s %7.3f s   %-15s %7.3f s   ratio %5.2f\n", l, x, a, y, b, a / b }'
}

echo "runs per program: $runs (medians)"
pair bytes bytes_strings bytes_memory
pair find find_memory find_string "1 0"
pair records records_strings records_memory
