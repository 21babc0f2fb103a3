# PostgreSQL 15 for the metadata service tests (sourced by .ci/run; see README.md here).
# initdb refuses to run as root: the cluster belongs to the postgres user, in $CI_STATE/pg.
apt-get install -y -q postgresql >/dev/null
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
PG_DIR="$CI_STATE/pg"
chmod 755 "$CI_STATE"   # mktemp -d makes it 700: the postgres user must reach its data dir inside
mkdir -p "$PG_DIR" && chown postgres:postgres "$PG_DIR"
runuser -u postgres -- "$PGBIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -o "-c listen_addresses=127.0.0.1 -p 55432 -k $PG_DIR" -w start >/dev/null
echo "runuser -u postgres -- '$PGBIN/pg_ctl' -D '$PG_DIR/data' -m fast stop" >> "$CI_STOP"
# Tests create their own databases from this one (CREATE DATABASE needs a connection to an existing one).
export METAFLOW_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:55432/postgres"
