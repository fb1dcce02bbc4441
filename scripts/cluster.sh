#!/usr/bin/env bash
# The production layout on one machine, for tests and load runs (127.0.0.1 only):
#   nginx (NGINX_PORT) → two web nodes (gunicorn, 2 workers each, NODE_A_PORT and NODE_B_PORT)
#   two job consumers · PostgreSQL (its own throw-away cluster on PG_PORT, SEARCH_BACKEND=postgres)
#   Redis (REDIS_URL: rate limits and the job queue)
#
#   scripts/cluster.sh start        set up (first time: demo province) and start everything
#   scripts/cluster.sh stop         stop everything this script started (by the PIDs it wrote)
#   scripts/cluster.sh status       what runs
#   scripts/cluster.sh restart-db   restart PostgreSQL (fault tests)
#   scripts/cluster.sh env          the environment a node gets (source it for flask commands)
#
# Everything lives in CLUSTER_DIR (default /tmp/floor-cluster-$USER); `stop` leaves the data,
# `CLUSTER_FRESH=1 start` starts from nothing. nginx runs as the calling user with its own prefix,
# configuration and pid file there — never the system service. Installs nginx with apt-get if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

DIR=${CLUSTER_DIR:-/tmp/floor-cluster-$(id -un)}
NGINX_PORT=${NGINX_PORT:-5150}
NODE_A_PORT=${NODE_A_PORT:-5151}
NODE_B_PORT=${NODE_B_PORT:-5152}
PG_PORT=${PG_PORT:-5158}
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/5}
WORKERS=${WEB_CONCURRENCY:-2}
DEMO=${DEMO:-1}
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
BIN=$ROOT/.venv/bin
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

as_pg() {  # initdb and postgres refuse to run as root
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pid_alive() { [ -f "$1" ] && kill -0 "$(head -1 "$1")" 2>/dev/null; }

node_env() {
  cat <<EOF
export FLOOR_ENV=production
export SECRET_KEY=$(cat "$DIR/secret_key")
export SESSION_COOKIE_SECURE=0
export FLOOR_INSTANCE_PATH=$DIR/instance
export UPLOAD_DIR=$DIR/instance/uploads
export DATABASE_URL=postgresql://postgres@127.0.0.1:$PG_PORT/floor
export SEARCH_BACKEND=postgres
export REDIS_URL=$REDIS_URL
export LOG_FORMAT=json
export DEMO=$DEMO
EOF
}

install_nginx() {
  [ -x "$NGINX" ] && return 0
  echo "nginx is missing: installing Debian's nginx" >&2
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null; fi
}

start_postgres() {
  if [ ! -f "$DIR/pg/PG_VERSION" ]; then
    mkdir -p "$DIR/pg" && [ "$(id -u)" = 0 ] && chown postgres "$DIR/pg"
    as_pg "$PGBIN/initdb" -D "$DIR/pg" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  [ "$(id -u)" = 0 ] && chown postgres "$DIR"
  pid_alive "$DIR/pg/postmaster.pid" && return 0
  as_pg "$PGBIN/pg_ctl" -D "$DIR/pg" -l "$DIR/pg.log" -w -o \
    "-p $PG_PORT -k $DIR -c listen_addresses=127.0.0.1 -c max_connections=100 -c fsync=off" start >/dev/null
  "$PGBIN/psql" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -tc \
    "SELECT 1 FROM pg_database WHERE datname='floor'" | grep -q 1 ||
    "$PGBIN/psql" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -c "CREATE DATABASE floor"
}

start_node() {  # name port
  local name=$1 port=$2
  pid_alive "$DIR/web-$name.pid" && return 0
  ( eval "$(node_env)"
    export BIND=127.0.0.1:$port WEB_CONCURRENCY=$WORKERS PROMETHEUS_MULTIPROC_DIR=$DIR/metrics-$name
    setsid "$BIN/gunicorn" -c deploy/gunicorn.conf.py wsgi:app >>"$DIR/web-$name.log" 2>&1 &
    echo $! >"$DIR/web-$name.pid" )
}

start_consumer() {  # name (two consumers, as floor-jobs@1 and @2 on a server)
  pid_alive "$DIR/jobs-$1.pid" && return 0
  ( eval "$(node_env)"
    # niced, as deploy/floor-jobs@.service: background work yields the cores to the web nodes
    setsid nice -n 10 "$BIN/flask" --app trading_floor jobs consume --workers 2 >>"$DIR/jobs-$1.log" 2>&1 &
    echo $! >"$DIR/jobs-$1.pid" )
}

start_nginx() {
  pid_alive "$DIR/nginx/nginx.pid" && return 0
  mkdir -p "$DIR/nginx/tmp"
  local user_line=""
  [ "$(id -u)" = 0 ] && user_line="user root;"
  sed -e "s|@UPSTREAMS@|server 127.0.0.1:$NODE_A_PORT max_fails=1 fail_timeout=5s;\n    server 127.0.0.1:$NODE_B_PORT max_fails=1 fail_timeout=5s;|" \
      -e "s|@LISTEN@|127.0.0.1:$NGINX_PORT|" -e "s|@ROOT@|$ROOT|" \
      deploy/nginx/floor.conf | sed 's/\\n/\n/g' >"$DIR/nginx/floor.conf"
  cat >"$DIR/nginx/nginx.conf" <<EOF
$user_line
worker_processes 1;
pid $DIR/nginx/nginx.pid;
error_log $DIR/nginx/error.log warn;
events { worker_connections 1024; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log $DIR/nginx/access.log;
    client_body_temp_path $DIR/nginx/tmp/body;
    proxy_temp_path $DIR/nginx/tmp/proxy;
    fastcgi_temp_path $DIR/nginx/tmp/fastcgi;
    uwsgi_temp_path $DIR/nginx/tmp/uwsgi;
    scgi_temp_path $DIR/nginx/tmp/scgi;
    sendfile on;
    include $DIR/nginx/floor.conf;
}
EOF
  "$NGINX" -p "$DIR/nginx" -c "$DIR/nginx/nginx.conf" -e "$DIR/nginx/error.log" -t -q
  "$NGINX" -p "$DIR/nginx" -c "$DIR/nginx/nginx.conf" -e "$DIR/nginx/error.log"
}

wait_http() {  # url seconds
  for _ in $(seq 1 $(( $2 * 4 ))); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    sleep 0.25
  done
  echo "no answer from $1 within $2 s (logs in $DIR)" >&2
  return 1
}

stop_pid() {  # pidfile signal
  local file=$1 signal=$2
  if pid_alive "$file"; then
    local pid
    pid=$(cat "$file")
    kill "-$signal" "$pid" 2>/dev/null || true
    for _ in $(seq 1 80); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$file"
}

case "${1:-}" in
  start)
    install_nginx
    [ "${CLUSTER_FRESH:-0}" = 1 ] && "$0" stop >/dev/null 2>&1 && rm -rf "$DIR"
    mkdir -p "$DIR/instance"
    [ -f "$DIR/secret_key" ] || "$BIN/python" -c "import secrets; print(secrets.token_hex(32))" >"$DIR/secret_key"
    start_postgres
    redis-cli -u "$REDIS_URL" ping >/dev/null
    if [ ! -f "$DIR/setup.done" ]; then
      redis-cli -u "$REDIS_URL" flushdb >/dev/null
      ( eval "$(node_env)"; "$BIN/pybabel" compile -d translations -D "messages wtforms" >/dev/null 2>&1
        "$BIN/flask" --app trading_floor setup >"$DIR/setup.log" 2>&1 ) && touch "$DIR/setup.done"
    fi
    start_node a "$NODE_A_PORT"
    start_node b "$NODE_B_PORT"
    start_consumer 1
    start_consumer 2
    wait_http "http://127.0.0.1:$NODE_A_PORT/healthz" 60
    wait_http "http://127.0.0.1:$NODE_B_PORT/healthz" 60
    start_nginx
    wait_http "http://127.0.0.1:$NGINX_PORT/healthz" 20
    echo "cluster up: http://127.0.0.1:$NGINX_PORT/ (nodes :$NODE_A_PORT :$NODE_B_PORT, PostgreSQL :$PG_PORT, $REDIS_URL; files in $DIR)"
    ;;
  stop)
    [ -f "$DIR/nginx/nginx.pid" ] && stop_pid "$DIR/nginx/nginx.pid" QUIT
    stop_pid "$DIR/web-a.pid" TERM
    stop_pid "$DIR/web-b.pid" TERM
    stop_pid "$DIR/jobs-1.pid" INT
    stop_pid "$DIR/jobs-2.pid" INT
    if [ -f "$DIR/pg/postmaster.pid" ]; then as_pg "$PGBIN/pg_ctl" -D "$DIR/pg" -m fast -w stop >/dev/null || true; fi
    echo "cluster stopped"
    ;;
  status)
    for f in nginx/nginx web-a web-b jobs-1 jobs-2; do
      if pid_alive "$DIR/$f.pid"; then echo "$f: running ($(cat "$DIR/$f.pid"))"; else echo "$f: stopped"; fi
    done
    if [ -f "$DIR/pg/postmaster.pid" ]; then echo "postgres: running ($(head -1 "$DIR/pg/postmaster.pid"))"; else echo "postgres: stopped"; fi
    ;;
  restart-db)
    as_pg "$PGBIN/pg_ctl" -D "$DIR/pg" -m fast -w restart -l "$DIR/pg.log" >/dev/null
    ;;
  env)
    node_env
    ;;
  *)
    echo "usage: $0 start|stop|status|restart-db|env" >&2
    exit 2
    ;;
esac
