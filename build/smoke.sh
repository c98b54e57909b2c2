#!/usr/bin/env bash
# Smoke test: the README quick start, typed as a new user would type it, against the app started
# from its BUILD OUTPUT (src/Api/bin/Release/net10.0) on a fresh SQLite database.
#
#   bash build/smoke.sh            # port 5199 (or the next free one up to 5299)
#   SMOKE_PORT=5300 bash build/smoke.sh
#
# Needs: dotnet (SDK from global.json), curl, jq (installed with apt-get when missing).
# Every step checks the HTTP status; on a mismatch it prints the body and the app's log tail and exits 1.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

out_dir="src/Api/bin/Release/net10.0"
dll="$out_dir/Marketplace.Api.dll"
tmpdir="$(mktemp -d "${TMPDIR:-/tmp}/marketplace-smoke.XXXXXX")"
log="$tmpdir/app.log"
app_pid=""
steps=0
RESPONSE=""

cleanup() {
  local rc=$?
  for pid in "$broker_pid" "$tls_broker_pid"; do
    [[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true
  done
  if [[ -n "$app_pid" ]] && kill -0 "$app_pid" 2>/dev/null; then
    kill "$app_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$app_pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$app_pid" 2>/dev/null || true
  fi
  rm -rf "$tmpdir"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() {
  echo "smoke: FAILED: $*" >&2
  if [[ -f "$log" ]]; then
    echo "----- app log (last 40 lines) -----" >&2
    tail -n 40 "$log" >&2 || true
    echo "-----------------------------------" >&2
  fi
  exit 1
}

# --- prerequisites -------------------------------------------------------------------------------
command -v curl >/dev/null || fail "curl is required"
command -v jq >/dev/null || { apt-get update -qq && apt-get install -y -qq jq >/dev/null; } \
  || fail "jq is required (apt-get install jq)"

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if [[ -n "${SMOKE_PORT:-}" ]]; then
  port="$SMOKE_PORT"
  ! port_in_use "$port" || fail "SMOKE_PORT=$port is already in use"
else
  port=5199
  while port_in_use "$port"; do
    port=$((port + 1))
    ((port < 5300)) || fail "no free port in 5199-5299; set SMOKE_PORT"
  done
fi
base="http://127.0.0.1:$port"
next_free_port() { local p="$1"; while port_in_use "$p"; do p=$((p + 1)); done; echo "$p"; }
broker_port="$(next_free_port $((port + 100)))"
tls_broker_port="$(next_free_port $((broker_port + 1)))"
broker_pid=""
tls_broker_pid=""

# Build when the output is missing or older than the sources (never test a stale build). The settings
# files are compared by content: `dotnet user-jwts create` rewrites appsettings.Development.json each time.
stale_reason() {
  [[ -f "$dll" ]] || { echo "no $dll"; return; }
  local newer settings
  newer="$(find src Directory.Build.props Directory.Packages.props \( -path '*/bin' -o -path '*/obj' \) -prune -o \
    -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' \) -newer "$dll" -print -quit)"
  [[ -z "$newer" ]] || { echo "$newer changed"; return; }
  for settings in src/Api/appsettings*.json; do
    cmp -s "$settings" "$out_dir/$(basename "$settings")" || { echo "$settings changed"; return; }
  done
}
stale="$(stale_reason)"
if [[ -n "$stale" ]]; then
  echo "smoke: building the app: dotnet build -c Release src/Api ($stale)"
  timeout 600 dotnet build -c Release src/Api -nologo -v quiet >"$tmpdir/build.log" 2>&1 \
    || { tail -n 40 "$tmpdir/build.log" >&2; fail "dotnet build -c Release src/Api failed"; }
fi
[[ -f "$dll" ]] || fail "$dll does not exist after the build"

# --- tokens (minted before the app starts: the first mint on a machine creates the signing key) ----
mint() { timeout 60 dotnet user-jwts create --project src/Api "$@" -o token || fail "dotnet user-jwts create $*"; }
ADMIN="$(mint --name admin --role platform-admin)"
ALICE="$(mint --name alice)"
BOB="$(mint --name bob)"
CAROL="$(mint --name carol)"   # belongs to no customer: sees 404 for Acme's resources

# --- the fake OSB broker (tests/Marketplace.FakeBroker), once over http and once over https -------
# The https one has a certificate from a throw-away CA that the app is told to trust
# (Brokers:AdditionalTrustedCertificates): publications always validate TLS.
fake_dll="tests/Marketplace.FakeBroker/bin/Release/net10.0/Marketplace.FakeBroker.dll"
if [[ ! -f "$fake_dll" ]]; then
  timeout 600 dotnet build -c Release tests/Marketplace.FakeBroker -nologo -v quiet >"$tmpdir/fake-build.log" 2>&1 \
    || { tail -n 40 "$tmpdir/fake-build.log" >&2; fail "building the fake broker failed"; }
fi
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=smoke-ca" -keyout "$tmpdir/ca.key" -out "$tmpdir/ca.pem" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign" >/dev/null 2>&1 || fail "openssl: CA"
openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout "$tmpdir/broker.key" -out "$tmpdir/broker.csr" >/dev/null 2>&1 \
  || fail "openssl: broker key"
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' >"$tmpdir/broker.ext"
openssl x509 -req -in "$tmpdir/broker.csr" -CA "$tmpdir/ca.pem" -CAkey "$tmpdir/ca.key" -CAcreateserial -days 2 \
  -extfile "$tmpdir/broker.ext" -out "$tmpdir/broker.pem" >/dev/null 2>&1 || fail "openssl: broker certificate"
openssl pkcs12 -export -in "$tmpdir/broker.pem" -inkey "$tmpdir/broker.key" -out "$tmpdir/broker.pfx" -passout pass: \
  >/dev/null 2>&1 || fail "openssl: pfx"

BROKER_USER="broker"
BROKER_PASSWORD="s3cret:with/any chars"
dotnet "$fake_dll" --urls "http://127.0.0.1:$broker_port" \
  --FakeBroker:Username="$BROKER_USER" --FakeBroker:Password="$BROKER_PASSWORD" >"$tmpdir/broker.log" 2>&1 &
broker_pid=$!
dotnet "$fake_dll" --urls "https://127.0.0.1:$tls_broker_port" --FakeBroker:CertificatePath="$tmpdir/broker.pfx" \
  --FakeBroker:Username="$BROKER_USER" --FakeBroker:Password="$BROKER_PASSWORD" >"$tmpdir/tls-broker.log" 2>&1 &
tls_broker_pid=$!
BROKER_URL="http://127.0.0.1:$broker_port"
TLS_BROKER_URL="https://127.0.0.1:$tls_broker_port"
deadline=$((SECONDS + 60))
until curl -fsS --max-time 2 -o /dev/null -u "$BROKER_USER:$BROKER_PASSWORD" -H "X-Broker-API-Version: 2.17" "$BROKER_URL/v2/catalog" 2>/dev/null \
  && curl -fsS --max-time 2 -o /dev/null --cacert "$tmpdir/ca.pem" -u "$BROKER_USER:$BROKER_PASSWORD" -H "X-Broker-API-Version: 2.17" \
    "$TLS_BROKER_URL/v2/catalog" 2>/dev/null; do
  ((SECONDS < deadline)) || { tail -n 20 "$tmpdir/broker.log" "$tmpdir/tls-broker.log" >&2; fail "the fake brokers did not start within 60 s"; }
  sleep 0.5
done

# --- start the app from its build output ---------------------------------------------------------
# Started from the repository root, as a new user would type it: the app finds its settings files
# (issuer and audiences for user-jwts) beside the dll.
echo "smoke: starting $dll on $base (log: $log)"
(
  ASPNETCORE_ENVIRONMENT=Development \
  ConnectionStrings__Marketplace="Data Source=$tmpdir/smoke.db" \
  Brokers__AdditionalTrustedCertificates="$tmpdir/ca.pem" \
    exec dotnet "$dll" --urls "$base"
) >"$log" 2>&1 &
app_pid=$!

deadline=$((SECONDS + 60))
until curl -fsS --noproxy '*' --max-time 2 -o /dev/null "$base/health/ready" 2>/dev/null; do
  kill -0 "$app_pid" 2>/dev/null || fail "the app exited during start-up"
  ((SECONDS < deadline)) || fail "/health/ready did not answer 200 within 60 s"
  sleep 0.5
done

# --- helpers -------------------------------------------------------------------------------------
# call METHOD PATH TOKEN [BODY] EXPECTED_STATUS — TOKEN "-" is anonymous; IF_MATCH=<etag> call ... sends
# If-Match. Sets RESPONSE (the body); the response headers are in $tmpdir/headers.
call() {
  local method=$1 path=$2 token=$3 body="" expected status
  if (($# == 5)); then body=$4; expected=$5; else expected=$4; fi
  local args=(-sS --noproxy '*' --max-time 10 -X "$method" -o "$tmpdir/body" -D "$tmpdir/headers" -w '%{http_code}')
  [[ "$token" != "-" ]] && args+=(-H "Authorization: Bearer $token")
  [[ -n "$body" ]] && args+=(-H 'Content-Type: application/json' --data "$body")
  [[ -n "${IF_MATCH:-}" ]] && args+=(-H "If-Match: $IF_MATCH")
  : >"$tmpdir/body"
  status="$(curl "${args[@]}" "$base$path")" || status="${status:-000}"
  RESPONSE="$(cat "$tmpdir/body")"
  steps=$((steps + 1))
  printf 'smoke: %3d  %-6s %-78s %s\n' "$steps" "$method" "$path" "$status"
  if [[ "$status" != "$expected" ]]; then
    echo "expected HTTP $expected, got $status; body:" >&2
    echo "$RESPONSE" >&2
    fail "$method $path"
  fi
  if [[ "$status" == 201 ]] && ! header Location >/dev/null; then
    fail "$method $path answered 201 without a Location header"
  fi
}

header() { # header NAME — the value of a header of the last response
  local value
  value="$( (grep -i "^$1:" "$tmpdir/headers" || true) | tail -n 1 | cut -d: -f2- | tr -d '\r' | sed 's/^ *//')"
  [[ -n "$value" ]] && echo "$value"
}

check() { # check DESCRIPTION JQ_FILTER — the filter must be true on the last response body
  steps=$((steps + 1))
  if jq -e "$2" >/dev/null 2>&1 <<<"$RESPONSE"; then
    printf 'smoke: %3d  check  %s\n' "$steps" "$1"
  else
    echo "check '$2' is not true of:" >&2
    echo "$RESPONSE" >&2
    fail "$1"
  fi
}

problem() { # problem CODE — the last response is problem+json with this code
  local type
  type="$(header Content-Type || true)"
  [[ "$type" == application/problem+json* ]] || fail "expected Content-Type application/problem+json, got '$type'"
  check "problem+json with code $1" ".code == \"$1\" and .type == \"urn:marketplace:problem:$1\"
    and ([.title, .detail, .traceId] | all(type == \"string\")) and (.status | type == \"number\")"
}

wait_for() { # wait_for DESCRIPTION PATH TOKEN STATUS [JQ_FILTER] — poll (at most 20 s) until PATH answers STATUS (and the filter holds)
  local description=$1 path=$2 token=$3 expected=$4 filter=${5:-true} status deadline=$((SECONDS + 20))
  while :; do
    status="$(curl -sS --noproxy '*' --max-time 10 -o "$tmpdir/body" -w '%{http_code}' -H "Authorization: Bearer $token" "$base$path")" || status=000
    RESPONSE="$(cat "$tmpdir/body")"
    if [[ "$status" == "$expected" ]] && jq -e "$filter" >/dev/null 2>&1 <<<"$RESPONSE"; then
      break
    fi
    if ((SECONDS >= deadline)); then
      echo "still HTTP $status after 20 s; body:" >&2
      echo "$RESPONSE" >&2
      fail "$description"
    fi
    sleep 0.2
  done
  steps=$((steps + 1))
  printf 'smoke: %3d  wait   %s\n' "$steps" "$description"
}

json() { jq -cn "$@"; } # json --arg k v '{...}' — a JSON body built safely
uri() { jq -rn --arg v "$1" '$v | @uri'; }

sfx="$(date +%s)$RANDOM"   # unique per run, so the script also works against a database that is not fresh
location="eu-west-$sfx"
customer_identifier="acme-$sfx"
private_location="private-$customer_identifier"
broker_name="Acme Postgres $sfx"
second_name="Acme Redis $sfx"

# --- anonymous surface ---------------------------------------------------------------------------
call GET /health/live - 200
call GET /health/ready - 200
call GET /openapi/v1.json - 200
check "the OpenAPI document lists /api/brokers" '.paths | has("/api/brokers")'
call GET /scalar/ - 200
call GET /api/customers - 401
problem auth.unauthenticated

# --- the quick start -----------------------------------------------------------------------------
# 1. the platform admin creates a public location and a customer, and makes alice its admin
call POST /api/locations "$ADMIN" "$(json --arg id "$location" '{identifier: $id, name: "EU West"}')" 201
check "the location is public" '.type == "public"'
call GET "/api/locations/$location" "$ALICE" 200

call POST /api/customers "$ADMIN" "$(json --arg id "$customer_identifier" '{identifier: $id, name: "Acme"}')" 201
CUSTOMER="$(jq -r .id <<<"$RESPONSE")"
call PUT "/api/customers/$CUSTOMER/admins/alice" "$ADMIN" 204
call GET "/api/customers/$CUSTOMER" "$ALICE" 200
check "alice is an admin of the customer" '.admins | index("alice") != null'

# 2. alice creates a project and adds bob
call POST "/api/customers/$CUSTOMER/projects" "$ALICE" "$(json --arg id "shop-$sfx" '{identifier: $id, name: "Web shop"}')" 201
PROJECT="$(jq -r .id <<<"$RESPONSE")"
call PUT "/api/projects/$PROJECT/members/bob" "$ALICE" 204
call GET "/api/projects/$PROJECT" "$BOB" 200
check "bob is a member" '.members | index("bob") != null'

# 3. alice registers the fake broker as a private broker; the marketplace checks its catalog first
call POST /api/brokers "$ALICE" "$(json --arg c "$CUSTOMER" --arg n "$broker_name" --arg id "postgres-$sfx" \
  --arg e "$BROKER_URL" --arg u "$BROKER_USER" --arg p "$BROKER_PASSWORD" \
  '{customerId: $c, name: $n, identifier: $id, endpoint: $e, username: $u, password: $p, developmentMode: true}')" 201
BROKER="$(jq -r .id <<<"$RESPONSE")"
check "the broker answer carries no password" 'has("password") | not'
call GET "/api/brokers/$BROKER" "$ALICE" 200
ETAG="$(header ETag)" || fail "GET /api/brokers/{id} answered no ETag"

# 4. alice sees the customer's private location and enables it on the project
call GET /api/locations "$ALICE" 200
check "alice sees $private_location" ".items | any(.identifier == \"$private_location\" and .type == \"private\")"
call GET /api/locations "$CAROL" 200
check "carol does not see $private_location" ".items | all(.identifier != \"$private_location\")"
call PUT "/api/projects/$PROJECT/locations/$private_location" "$ALICE" 204
call GET "/api/projects/$PROJECT" "$BOB" 200
check "the project has $private_location enabled" ".locations | index(\"$private_location\") != null"

# 5. alice publishes the broker to the public location: pending until a platform admin approves it
call POST "/api/brokers/$BROKER/publications" "$ALICE" "$(json --arg l "$location" \
  --arg e "$TLS_BROKER_URL" --arg u "$BROKER_USER" --arg p "$BROKER_PASSWORD" \
  '{location: $l, endpoint: $e, username: $u, password: $p}')" 201
PUBLICATION="$(jq -r .id <<<"$RESPONSE")"
check "the publication is pending" '.status == "pending"'

# 6. the platform admin lists the approval queue and approves
call GET "/api/publications?status=pending" "$ADMIN" 200
check "the queue holds the publication" ".items | any(.id == \"$PUBLICATION\")"
call POST "/api/publications/$PUBLICATION/approve" "$ADMIN" 200
check "the publication is approved" '.status == "approved"'

# 7. alice tries to delete the broker: refused while a publication is approved
call DELETE "/api/brokers/$BROKER?confirmName=$(uri "$broker_name")" "$ALICE" 409
problem broker.has_approved_publications

# 8. bob provisions a database from the marketplace, binds it, reads the credentials and deletes it all
call GET "/api/projects/$PROJECT/marketplace/services?q=fake-database&location=$private_location" "$BOB" 200
SERVICE="$(jq -r '.items[0].serviceId' <<<"$RESPONSE")"
call GET "/api/projects/$PROJECT/marketplace/services/$SERVICE" "$BOB" 200
PLAN="$(jq -r '.plans[] | select(.name == "small") | .planId' <<<"$RESPONSE")"
call POST "/api/projects/$PROJECT/instances" "$BOB" "$(json --arg s "$SERVICE" --arg p "$PLAN" \
  '{name: "orders-db", serviceId: $s, planId: $p, parameters: {storage_gb: 500}}')" 400
problem parameters.invalid
call POST "/api/projects/$PROJECT/instances" "$BOB" "$(json --arg s "$SERVICE" --arg p "$PLAN" \
  '{name: "orders-db", serviceId: $s, planId: $p, parameters: {storage_gb: 5, engine: "postgres"}}')" 202
INSTANCE="$(jq -r .id <<<"$RESPONSE")"
check "the instance is being created" '.state == "creating"'
[[ "$(header Location)" == "/api/projects/$PROJECT/instances/$INSTANCE" ]] || fail "POST instances answered no Location of the instance"
wait_for "the instance is ready" "/api/projects/$PROJECT/instances/$INSTANCE" "$BOB" 200 \
  '.state == "ready" and .usable and .lastOperation.type == "create" and .lastOperation.state == "succeeded"'
call POST "/api/projects/$PROJECT/instances/$INSTANCE/bindings" "$BOB" '{"name": "web"}' 202
BINDING="$(jq -r .id <<<"$RESPONSE")"
wait_for "the binding is ready" "/api/projects/$PROJECT/instances/$INSTANCE/bindings/$BINDING" "$BOB" 200 '.state == "ready"'
check "the binding carries the broker's credentials" '.credentials.uri | startswith("fake://")'
call GET "/api/projects/$PROJECT/instances/$INSTANCE/bindings/$BINDING" "$ALICE" 403   # not a project member
call GET "/api/projects/$PROJECT/instances/$INSTANCE/bindings/$BINDING" "$CAROL" 404   # another tenant
call DELETE "/api/projects/$PROJECT/instances/$INSTANCE" "$BOB" 409
problem instance.has_bindings
call DELETE "/api/projects/$PROJECT/instances/$INSTANCE?recursive=true" "$BOB" 202
check "the instance is being deleted" '.state == "deleting"'
wait_for "the instance is gone" "/api/projects/$PROJECT/instances/$INSTANCE" "$BOB" 404

# --- beyond the quick start: reject, revoke, delete ------------------------------------------------
call POST /api/brokers "$ALICE" "$(json --arg c "$CUSTOMER" --arg n "$second_name" --arg id "redis-$sfx" \
  --arg e "$BROKER_URL" --arg u "$BROKER_USER" --arg p "$BROKER_PASSWORD" \
  '{customerId: $c, name: $n, identifier: $id, endpoint: $e, username: $u, password: $p, developmentMode: false}')" 201
SECOND="$(jq -r .id <<<"$RESPONSE")"
call POST "/api/brokers/$SECOND/publications" "$ALICE" "$(json --arg l "$location" \
  --arg e "$TLS_BROKER_URL" --arg u "$BROKER_USER" --arg p "$BROKER_PASSWORD" \
  '{location: $l, endpoint: $e, username: $u, password: $p}')" 201
REJECTED="$(jq -r .id <<<"$RESPONSE")"
call POST "/api/publications/$REJECTED/reject" "$ADMIN" '{"reason": "no SLA documented"}' 200
check "the publication is rejected with the reason" '.status == "rejected" and .reason == "no SLA documented"'
call POST "/api/brokers/$SECOND/publications" "$ALICE" "$(json --arg e "$TLS_BROKER_URL" --arg u "$BROKER_USER" \
  --arg p "$BROKER_PASSWORD" '{location: "global", endpoint: $e, username: $u, password: $p}')" 201
REVOKED="$(jq -r .id <<<"$RESPONSE")"
call POST "/api/brokers/$SECOND/publications" "$ALICE" "$(json --arg e "$TLS_BROKER_URL" --arg u "$BROKER_USER" \
  --arg p "$BROKER_PASSWORD" '{location: "global", endpoint: $e, username: $u, password: $p}')" 409
problem publication.location_taken
call POST "/api/brokers/$SECOND/publications" "$ALICE" \
  '{"location": "global", "endpoint": "http://redis.example.com", "username": "u", "password": "p"}' 400
problem validation.failed
call DELETE "/api/brokers/$SECOND/publications/$REVOKED" "$ALICE" 204
call DELETE "/api/brokers/$SECOND?confirmName=wrong" "$ALICE" 422
problem broker.confirmation_mismatch
call DELETE "/api/brokers/$SECOND?confirmName=$(uri "$second_name")" "$ALICE" 204
call GET "/api/brokers/$SECOND" "$ALICE" 404
call GET /api/locations "$ALICE" 200
check "$private_location stays after a broker is deleted" ".items | any(.identifier == \"$private_location\")"

# --- the error model -----------------------------------------------------------------------------
call GET "/api/brokers/$BROKER" "$CAROL" 404          # another tenant's broker does not exist for carol
problem broker.not_found
call GET "/api/customers/$CUSTOMER" "$CAROL" 404
problem customer.not_found
call POST "/api/customers/$CUSTOMER/projects" "$BOB" '{"identifier": "bobs", "name": "Bob'"'"'s"}' 403
problem auth.forbidden
call POST /api/customers "$ALICE" '{"identifier": "nope", "name": "Nope"}' 403
problem auth.forbidden
call POST /api/customers "$ADMIN" "$(json --arg id "$customer_identifier" '{identifier: $id, name: "Acme again"}')" 409
problem customer.identifier_taken
call POST /api/customers "$ADMIN" '{"identifier": "Not A Slug", "name": ""}' 400
problem validation.failed
check "validation problems name the fields" '.errors | type == "object" and length > 0'
call PATCH "/api/brokers/$BROKER" "$ALICE" '{"name": "renamed"}' 200  # changes the ETag read in step 3
IF_MATCH="$ETAG" call PATCH "/api/brokers/$BROKER" "$ALICE" '{"name": "renamed again"}' 412  # stale ETag
problem concurrency.stale

echo "smoke: $steps steps passed"
