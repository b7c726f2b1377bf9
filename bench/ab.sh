#!/bin/bash
# Compare this checkout's native benches with another commit's, alternating runs so that both
# see the same machine (timings here spread by up to 40% between runs; a pair does not).
# Usage: bash bench/ab.sh <rev> [keywords|messages] [runs]
# Prints, per line of the bench, the best time of each side and their ratio.
set -euo pipefail
rev=${1:?usage: bash bench/ab.sh <rev> [keywords|messages] [runs]}
bench=${2:-keywords}
runs=${3:-5}
root=$(cd "$(dirname "$0")/.." && pwd)
other="$root/target/ab/$(git -C "$root" rev-parse --short "$rev")"
[ -d "$other" ] || git -C "$root" worktree add -q --detach "$other" "$rev"
export CONSENTRY_SHARED_DATA=${CONSENTRY_SHARED_DATA:-$root/../shared/data}
build() { # the bench binary of the checkout in $1
  (cd "$1" && CARGO_PROFILE_RELEASE_PANIC=unwind CARGO_TARGET_DIR="$1/target/bench" \
    cargo bench --bench "$bench" --no-run --message-format=json 2>/dev/null) |
    sed -n 's/.*"executable":"\([^"]*\/deps\/'"$bench"'-[^"]*\)".*/\1/p' | tail -1
}
a=$(build "$other")
b=$(build "$root")
[ -x "$a" ] && [ -x "$b" ] || { echo "bench/ab.sh: could not build the $bench bench" >&2; exit 1; }
for _ in $(seq "$runs"); do
  "$a" | grep -oE '[0-9]+ ns per [a-z]+' | awk '{print "a" NR, $1}'
  "$b" | grep -oE '[0-9]+ ns per [a-z]+' | awk '{print "b" NR, $1}'
done | awk '{k=substr($1,2); s=substr($1,1,1); if (!((s k) in m) || $2 < m[s k]) m[s k]=$2; n=(k>n?k:n)}
  END {for (i=1;i<=n;i++) printf "line %d: %s %d ns, this checkout %d ns, ratio %.2f\n", i, "'"$rev"'", m["a" i], m["b" i], m["b" i]/m["a" i]}'
