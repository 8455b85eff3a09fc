#!/usr/bin/env bash
# Registration storm (issue 5 goal: 5,000 extensions with digest auth at 500 REGISTER/s, within 2x of Kamailio):
# the same SIPp storm against Switchboard and, when kamailio is installed, against Kamailio as registrar; then
# once more at an unthrottled rate. Prints registrations per second for each, server CPU, and the ratio.
#   bench/register-storm.sh [count] [rate] [max-rate]        defaults: 5000 500 5000
set -euo pipefail
cd "$(dirname "$0")/.."
command -v sipp >/dev/null || { echo "register-storm.sh: sipp is missing (apt-get install sip-tester)" >&2; exit 1; }
[ -x /usr/sbin/kamailio ] || echo "register-storm.sh: kamailio is not installed (apt-get install kamailio); Switchboard alone" >&2
. bench/lib.sh
run_bench RegisterStormBench register-storm -Dbench.count="${1:-5000}" -Dbench.rate="${2:-500}" -Dbench.maxRate="${3:-5000}"
