#!/usr/bin/env bash
# PostgreSQL for the store tests (tests/test_store.py, tests/test_parallel_cli.py): Debian's
# server installed when missing, its cluster started when stopped, trust auth for
# 127.0.0.1 and the database `test` the tests use (postgresql://postgres@127.0.0.1:5432/test).
set -euo pipefail

if ! ls /etc/postgresql/*/main/pg_hba.conf >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql
fi
version=$(ls /etc/postgresql | sort -V | tail -1)
hba=/etc/postgresql/$version/main/pg_hba.conf
rule="host all all 127.0.0.1/32 trust"
if ! grep -qx "$rule" "$hba"; then
    # The first matching line wins: put the test rule before Debian's password rules.
    sed -i "1i $rule" "$hba"
    if pg_ctlcluster --skip-systemctl-redirect "$version" main status >/dev/null 2>&1; then
        pg_ctlcluster --skip-systemctl-redirect "$version" main reload
    fi
fi
if ! pg_ctlcluster --skip-systemctl-redirect "$version" main status >/dev/null 2>&1; then
    pg_ctlcluster --skip-systemctl-redirect "$version" main start
fi
for _ in $(seq 30); do
    pg_isready -q -h 127.0.0.1 -p 5432 && break
    sleep 1
done
pg_isready -h 127.0.0.1 -p 5432
if [ "$(psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'test'")" != 1 ]; then
    createdb -h 127.0.0.1 -U postgres test
fi
