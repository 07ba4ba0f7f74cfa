#!/usr/bin/env bash
# The production-path bench (see README, "Benchmark"). Needs PostgreSQL on 127.0.0.1:5432 (user
# postgres, trust) and Redis on 127.0.0.1:6379; drops and recreates the switchboard_bench* databases.
# Settings as system properties, e.g.: bash bench/run.sh -Dbench.seconds=20 -Dbench.connections=16,64 -Dbench.rate=300
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl bench -am package -DskipTests
exec java "$@" -jar bench/target/switchboard-bench.jar
