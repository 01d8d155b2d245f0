#!/usr/bin/env bash
# Clean build time (debug and release) and stripped binary size of a minimal program, once with
# each client (DescribeCacheClusters: awsgen-min, sdk-min; DynamoDB Query: awsgen-ddb, sdk-ddb),
# each build in a fresh target directory. Crates are fetched first so downloads are not timed.
# Usage: [PROFILES="release"] bench/peers/build_size.sh [client...]
#   (default: awsgen-min sdk-min, debug and release)
set -euo pipefail
cd "$(dirname "$0")"
clients=("$@")
[ ${#clients[@]} -eq 0 ] && clients=(awsgen-min sdk-min)
cargo fetch --quiet
read -r -a profiles <<<"${PROFILES:-debug release}"
results=target/build_size.txt
mkdir -p target
echo "client profile wall_s cpu_s units stripped_bytes" >"$results.new"
for client in "${clients[@]}"; do
  for profile in "${profiles[@]}"; do
    dir="target/clean/$client-$profile"
    rm -rf "$dir"
    flag=()
    [ "$profile" = release ] && flag=(--release)
    TIMEFORMAT='%R %U %S'
    t=$({ time cargo build --quiet --offline -p "$client" "${flag[@]}" --target-dir "$dir" >/dev/null 2>&1; } 2>&1)
    read -r wall user sys <<<"$t"
    cpu=$(echo "$user + $sys" | bc)
    units=$(ls "$dir/$profile/.fingerprint" | wc -l)
    cp "$dir/$profile/$client" "$dir/$client.stripped"
    strip "$dir/$client.stripped"
    size=$(stat -c %s "$dir/$client.stripped")
    echo "$client $profile $wall $cpu $units $size" | tee -a "$results.new"
  done
done
mv "$results.new" "$results"
column -t "$results"
