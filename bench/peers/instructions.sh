#!/usr/bin/env bash
# Instructions per DescribeCacheClusters call for each client, counted by valgrind (callgrind):
# a figure that does not drift with the load of a shared machine. Each binary runs with 1 and
# with 1+N calls; the difference over N is the cost of one call, start-up excluded.
# Needs the release binaries (`cargo xtask bench peers` builds them) and valgrind.
# Usage: bench/peers/instructions.sh [clusters=100] [N=5]
set -euo pipefail
cd "$(dirname "$0")"
clusters=${1:-100}
n=${2:-5}
port=18089
(cd ../.. && exec cargo xtask bench serve --clusters "$clusters" --port "$port") &
server=$!
trap 'kill $server 2>/dev/null' EXIT
for _ in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.2; done
count() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "target/release/$1" "http://127.0.0.1:$port" "$2" "$clusters" 2>&1 \
    | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
echo "client instructions_per_call (clusters=$clusters)"
for client in awsgen-min sdk-min; do
  one=$(count "$client" 1)
  more=$(count "$client" $((n + 1)))
  echo "$client $(( (more - one) / n ))"
done
