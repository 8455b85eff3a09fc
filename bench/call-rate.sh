#!/usr/bin/env bash
# Call-rate and concurrency benchmark through the B2BUA with relayed RTP (issue 5 goal: 200 concurrent G.711
# calls, 50 new calls/s for 60 s, zero failed). Prints failed calls, peak concurrency, RTP per call, CPU, heap.
#   bench/call-rate.sh [rate] [seconds] [hold-millis]        defaults: 50 60 4000
set -euo pipefail
cd "$(dirname "$0")/.."
command -v sipp >/dev/null || { echo "call-rate.sh: sipp is missing (apt-get install sip-tester)" >&2; exit 1; }
. bench/lib.sh
run_bench CallRateBench call-rate -Dbench.rate="${1:-50}" -Dbench.seconds="${2:-60}" -Dbench.holdMillis="${3:-4000}"
