#!/usr/bin/env bash
# Checks that a deployed todo-events works end to end: it creates a task through the gateway
# and waits until audit has recorded its event, which happens only after the relay published
# it, Redpanda and Dapr carried it, the router delivered it and Knative woke the function.
#
#   knative/smoke.sh GATEWAY_URL TOKEN
#
#   SMOKE_TIMEOUT=120     seconds to wait for the gateway and for the audit entry
#   SMOKE_NAMESPACE=todo  with kubectl at hand: also show that audit has a running pod (it
#                         scales from zero for the event); SMOKE_NAMESPACE= skips that check
#
# It polls with a deadline (no fixed sleep), prints what it waited for and how long, and exits
# non-zero with the step that failed and where to look. The task is deleted afterwards.
set -euo pipefail

if [ "$#" -ne 2 ]; then
  echo "usage: knative/smoke.sh GATEWAY_URL TOKEN" >&2
  exit 64
fi
url="${1%/}"
token="$2"
timeout_s="${SMOKE_TIMEOUT:-120}"
ns="${SMOKE_NAMESPACE-todo}"
auth=(-H "Authorization: Bearer $token")
started="$(date +%s)"

fail() {
  echo "smoke: FAILED: $*" >&2
  exit 1
}

elapsed() { echo $(($(date +%s) - started)); }

# waits until "$@" succeeds or the deadline passes; returns its last status.
until_deadline() {
  while ! "$@"; do
    [ "$(elapsed)" -lt "$timeout_s" ] || return 1
    sleep 1
  done
}

ready() { curl -fsS -o /dev/null --max-time 5 "$url/readyz" 2>/dev/null; }
until_deadline ready ||
  fail "$url/readyz did not answer 200 within ${timeout_s}s (is the gateway Ready? kn service list -n todo)"
echo "smoke: gateway ready after $(elapsed)s"

title="smoke test $(date -u +%Y-%m-%dT%H:%M:%SZ)"
body="$(curl -sS --max-time 10 -w '\n%{http_code}' -X POST "$url/api/tasks" "${auth[@]}" \
  -H 'Content-Type: application/json' -d "{\"title\": \"$title\"}")" ||
  fail "POST $url/api/tasks: no answer"
status="${body##*$'\n'}"
body="${body%$'\n'*}"
[ "$status" = 201 ] || fail "POST $url/api/tasks answered $status: $body (a 401: the token)"
task_id="$(sed -n 's/.*"id":"\([0-9a-f-]*\)".*/\1/p' <<<"$body" | head -n1)"
[ -n "$task_id" ] || fail "POST $url/api/tasks answered no task id: $body"
echo "smoke: task $task_id created"

audited() {
  curl -fsS --max-time 5 "$url/api/activity?task_id=$task_id" "${auth[@]}" 2>/dev/null |
    grep -q '"todo.task.created"'
}
if ! until_deadline audited; then
  fail "no audit entry for task $task_id after ${timeout_s}s: the event did not reach the audit" \
    "function. Look at the relay and router (kubectl -n todo logs -l" \
    "serving.knative.dev/service=eventing -c user-container), Dapr (-c daprd), and todo dlq list"
fi
echo "smoke: audit recorded the task's event after $(elapsed)s"

if [ -n "$ns" ] && command -v kubectl >/dev/null; then
  pods="$(kubectl -n "$ns" get pods -l serving.knative.dev/service=audit \
    --field-selector=status.phase=Running -o name 2>/dev/null || true)"
  [ -n "$pods" ] || fail "audit recorded the event, yet no audit pod runs in namespace $ns"
  echo "smoke: audit scaled up from zero: $(wc -l <<<"$pods") pod(s) running"
fi

curl -fsS -o /dev/null --max-time 10 -X DELETE "$url/api/tasks/$task_id" "${auth[@]}" ||
  echo "smoke: (could not delete task $task_id; delete it by hand)" >&2
echo "smoke: ok in $(elapsed)s"
