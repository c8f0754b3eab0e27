#!/bin/sh
# Lighthouse (mobile, its default throttling) on the home page, the event list and an event page,
# served as in production: gunicorn, DEBUG off, whitenoise with compressed static files, the demo
# data in a throwaway SQLite database. Prints the scores; the reports stay in $LIGHTHOUSE_OUT.
set -eu
cd "$(dirname "$0")/../.."
PORT=${LIGHTHOUSE_PORT:-8305}
CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
OUT=${LIGHTHOUSE_OUT:-test-output/lighthouse}
WORK=$(mktemp -d)
mkdir -p "$OUT"
export CHROME_PATH
export DJANGO_SETTINGS_MODULE=portal.settings.production
export SECRET_KEY="lighthouse-only-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=false EMAIL_URL=dummymail:// LOG_LEVEL=WARNING
export STATIC_ROOT="$WORK/static" DATABASE_URL="sqlite:///$WORK/db.sqlite3"
export GUNICORN_BIND="127.0.0.1:$PORT" GUNICORN_LOG_LEVEL=warning

.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py load_demo_data >/dev/null
.venv/bin/python manage.py collectstatic --noinput -v0
.venv/bin/gunicorn --config gunicorn.conf.py >/dev/null &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$WORK"' EXIT INT TERM
for _ in $(seq 50); do
  curl -fs -o /dev/null "http://127.0.0.1:$PORT/" && break
  sleep 0.2
done

RUNS=${LIGHTHOUSE_RUNS:-3}
for path in / /veranstaltungen/ /veranstaltungen/sprechstunde-bildungsmonitoring-1/; do
  # A visitor mostly gets the page from the page cache; the first request of all would fill it.
  curl -fs -o /dev/null "http://127.0.0.1:$PORT$path"
  name=$(echo "$path" | tr -c 'a-z0-9\n' '-' | sed 's/^-*$/home/; s/^-//; s/-$//')
  # Scores move with the machine's load: the median of a few runs says more than one.
  for run in $(seq "$RUNS"); do
    bench/lighthouse/node_modules/.bin/lighthouse "http://127.0.0.1:$PORT$path" --quiet \
      --only-categories=performance,accessibility,seo --chrome-flags="--headless=new --no-sandbox" \
      --output=json --output=html --output-path="$OUT/$name-$run"
  done
  .venv/bin/python -c 'import json, statistics, sys
reports = [json.load(open(path)) for path in sys.argv[2:]]
scores = "  ".join(
    "%s %d" % (key, statistics.median(round(r["categories"][key]["score"] * 100) for r in reports))
    for key in reports[0]["categories"]
)
print("%-55s %s (median of %d)" % (sys.argv[1], scores, len(reports)))' "$path" "$OUT/$name"-*.report.json
done
