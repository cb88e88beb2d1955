#!/usr/bin/env bash
# Deploys todo-events to a cluster with Knative Serving and Dapr, using kn and kubectl.
#
#   knative/deploy.sh minikube [--dry-run]
#   IMAGE=<region>.ocir.io/<tenancy-namespace>/todo-events:<tag> knative/deploy.sh oke [--dry-run]
#
# minikube deploys dev.local/todo-events:dev (built with `minikube image build`; Knative does not
# resolve dev.local tags against a registry) with dapr/local; oke deploys $IMAGE with dapr/cloud.
# In this order: namespace, knative/config/<target>.yaml, the eventing service account, the Dapr
# components, the migration Job (waited for), then the Knative Services: the functions first, so
# the router's targets exist when eventing starts, then eventing and the gateway.
#
# Each `kn service create --force` (create, or replace an existing service) carries exactly the
# settings of knative/<name>.yaml. --dry-run prints every command instead of running it;
# tests/contract/test_manifests.py parses that output and compares it with the manifests.
# Secrets are never created here: docs/deploy.md shows the `kubectl create secret` commands, and
# this script stops when one is missing.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ns=todo

usage() {
  echo "usage: knative/deploy.sh minikube|oke [--dry-run]" >&2
  exit 64
}

target="${1:-}"
dry_run=false
case "${2:-}" in
  "") ;;
  --dry-run) dry_run=true ;;
  *) usage ;;
esac
case "$target" in
  minikube)
    image="${IMAGE:-dev.local/todo-events:dev}"
    dapr_dir=dapr/local
    secrets=(todo-secrets todo-dapr-app-token)
    ;;
  oke)
    image="${IMAGE:-}"
    if [ -z "$image" ]; then
      echo "deploy: set IMAGE to the image pushed to OCIR," \
        "e.g. IMAGE=fra.ocir.io/<tenancy-namespace>/todo-events:1.0" >&2
      exit 64
    fi
    dapr_dir=dapr/cloud
    secrets=(todo-secrets todo-dapr-app-token redpanda-cloud)
    ;;
  *) usage ;;
esac

# Runs a command, or with --dry-run prints it as shell words (one command per line).
run() {
  if "$dry_run"; then
    printf '%q ' "$@"
    printf '\n'
  else
    "$@"
  fi
}

preflight() {
  "$dry_run" && return 0
  local tool secret
  for tool in kubectl kn; do
    command -v "$tool" >/dev/null || { echo "deploy: $tool is not installed" >&2; exit 1; }
  done
  for secret in "${secrets[@]}"; do
    if ! kubectl -n "$ns" get secret "$secret" >/dev/null 2>&1; then
      echo "deploy: secret $ns/$secret is missing; docs/deploy.md shows how to create it" >&2
      exit 1
    fi
  done
  # Every service refuses events (and eventing will not start) without the signing key.
  local key
  for key in DATABASE_URL EVENT_SIGNING_KEY; do
    if [ -z "$(kubectl -n "$ns" get secret todo-secrets -o "jsonpath={.data.$key}")" ]; then
      echo "deploy: secret $ns/todo-secrets has no $key; docs/deploy.md shows how to add it" >&2
      exit 1
    fi
  done
  if [ "$target" = oke ] && grep -q 'auth\.example\.com' knative/config/oke.yaml; then
    echo "deploy: set the AUTH_* URLs of your Better Auth in knative/config/oke.yaml" >&2
    exit 1
  fi
}

migrate() {
  # A Job's pod template cannot change, so the Job is replaced; its image is the deployed one.
  run kubectl -n "$ns" delete job todo-migrate --ignore-not-found
  if "$dry_run"; then
    printf '%q ' kubectl set image --local -f knative/migrate-job.yaml "migrate=$image" -o yaml
    printf '| kubectl apply -f -\n'
  else
    kubectl set image --local -f knative/migrate-job.yaml "migrate=$image" -o yaml |
      kubectl apply -f -
  fi
  run kubectl -n "$ns" wait --for=condition=complete job/todo-migrate --timeout=300s
}

# kn service create NAME with the settings every service shares, then the service's own flags.
# HOST=0.0.0.0: the queue-proxy reaches the container on the pod's address (the processes bind
# 127.0.0.1 unless told otherwise).
service() {
  local name=$1
  shift
  run kn service create "$name" --namespace "$ns" --force \
    --image "$image" \
    --port 8080 \
    --label-service app.kubernetes.io/part-of=todo-events \
    --env-from config-map:todo-config \
    --env-from secret:todo-secrets \
    --env HOST=0.0.0.0 \
    --security-context strict \
    "$@"
}

preflight
run kubectl apply -f knative/namespace.yaml
run kubectl apply -f "knative/config/$target.yaml"
run kubectl apply -f knative/eventing-rbac.yaml
run kubectl apply -f "$dapr_dir/"
migrate

# The functions: scale to zero, reachable only inside the cluster (the router calls them).
for fn in recur notify audit push; do
  service "$fn" \
    --cluster-local \
    --env FUNCTION_TARGET=handle \
    --env "FUNCTION_SOURCE=functions/$fn/main.py" \
    --scale-min 0 \
    --scale-max 10 \
    --scale-metric concurrency \
    --scale-target 10 \
    --concurrency-limit 20 \
    --timeout 60 \
    --probe-readiness tcp::8080 \
    --request cpu=50m,memory=128Mi \
    --limit memory=512Mi
done

# Eventing: always on, with the Dapr sidecar that holds the Kafka bindings.
service eventing \
  --cluster-local \
  --env TODO_ROLE=eventing \
  --scale-min 1 \
  --scale-max 1 \
  --annotation-revision dapr.io/enabled=true \
  --annotation-revision dapr.io/app-id=todo-eventing \
  --annotation-revision dapr.io/app-port=8080 \
  --annotation-revision dapr.io/metrics-port=9092 \
  --annotation-revision dapr.io/config=todo-eventing \
  --annotation-revision dapr.io/app-token-secret=todo-dapr-app-token \
  --env-value-from APP_API_TOKEN=secret:todo-dapr-app-token:token \
  --service-account todo-eventing \
  --probe-readiness tcp::8080 \
  --request cpu=100m,memory=192Mi \
  --limit memory=512Mi

# The gateway: public, one replica always up.
service gateway \
  --env TODO_ROLE=gateway \
  --scale-min 1 \
  --scale-max 5 \
  --scale-metric concurrency \
  --scale-target 100 \
  --concurrency-limit 0 \
  --timeout 600 \
  --probe-readiness http::8080:/readyz \
  --probe-liveness http::8080:/healthz \
  --request cpu=100m,memory=256Mi \
  --limit memory=1Gi

if ! "$dry_run"; then
  kn service list --namespace "$ns"
fi
