#!/usr/bin/env bash
# Proof of green under load: the README's test command, run several times in a
# row while two CPU-burning processes compete with it for the machine.
#
#     tests/stress.sh            # 3 runs; STRESS_RUNS=5 tests/stress.sh for more
#
# Prints each run's pytest summary line and wall time; stops with a non-zero exit
# at the first red run, naming its failures and the file with its whole output.
# The burners are always stopped.
set -euo pipefail

cd "$(dirname "$0")/.."
runs=${STRESS_RUNS:-3}
log=$(mktemp "${TMPDIR:-/tmp}/intake-stress.XXXXXX.log")
burners=()

stop_burners() {
    for pid in "${burners[@]}"; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
}
trap stop_burners EXIT
trap 'exit 130' INT TERM HUP # exit through the EXIT trap, burners included

for _ in 1 2; do
    (while :; do :; done) &
    burners+=("$!")
done
echo "two CPU burners running: ${burners[*]}"

readme_test_command() {
    python3 -m venv .venv &&
        .venv/bin/pip install -e '.[test]' &&
        .venv/bin/python -m pytest
}

for run in $(seq 1 "$runs"); do
    started=$EPOCHREALTIME
    status=0
    readme_test_command >"$log" 2>&1 || status=$?
    seconds=$(awk -v a="$started" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.0f", b - a }')
    summary=$(grep -E '^=+ .*(passed|failed|error).* in ' "$log" | tail -n 1 || true)
    echo "run $run/$runs: ${summary:-no pytest summary} (wall ${seconds} s)"
    if [ "$status" -ne 0 ]; then
        echo "run $run is red (exit $status):"
        grep -E '^(FAILED|ERROR) ' "$log" || tail -n 40 "$log"
        echo "full output: $log"
        exit 1
    fi
done
rm -f "$log"
echo "green $runs times in a row under load"
