#!/usr/bin/env bash
# Removes what knative/deploy.sh created.
#
#   knative/teardown.sh [--purge] [--dry-run]
#
# Deletes the Knative Services, then every other object labelled
# app.kubernetes.io/part-of=todo-events in namespace todo (config, service accounts and RBAC,
# NetworkPolicies, migration Job, Dapr components, resiliency and configuration; on Minikube the
# in-cluster PostgreSQL and its data). Secrets and the namespace stay,
# so a redeploy needs no new credentials; --purge deletes the whole namespace, secrets and all.
# --dry-run prints the commands instead of running them.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=knative/lib.sh
. knative/lib.sh
usage="knative/teardown.sh [--purge] [--dry-run]"
ns=todo
services=(gateway eventing recur notify audit push)

purge=false
dry_run=false
for arg in "$@"; do
  case "$arg" in
    --purge) purge=true ;;
    --dry-run) dry_run=true ;;
    *) usage_error ;;
  esac
done

for svc in "${services[@]}"; do
  # kn has no --ignore-not-found: skip what is already gone (always listed in a dry run).
  if "$dry_run" || kn service describe "$svc" --namespace "$ns" >/dev/null 2>&1; then
    run kn service delete "$svc" --namespace "$ns"
  fi
done

run kubectl -n "$ns" delete \
  jobs,deployments,services,poddisruptionbudgets,configmaps,serviceaccounts,roles,rolebindings,networkpolicies,components.dapr.io,resiliencies.dapr.io,configurations.dapr.io \
  -l app.kubernetes.io/part-of=todo-events --ignore-not-found

if "$purge"; then
  run kubectl delete namespace "$ns" --ignore-not-found
fi
