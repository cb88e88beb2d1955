#!/usr/bin/env bash
# Deploys todo-events to a cluster with Knative Serving and Dapr, from one rendered Kustomize
# overlay, with kubectl and kn.
#
#   knative/deploy.sh minikube [--dry-run]
#   IMAGE=<region>.ocir.io/<tenancy-namespace>/todo-events:<tag> knative/deploy.sh oke [--dry-run]
#
# Renders deploy/overlays/<target> with `kubectl kustomize` (IMAGE, when set, replaces the
# overlay's image everywhere; it must carry a tag other than latest, or a digest) and splits the
# rendering into
#   setup.yaml           everything but the Job and the Knative Services: namespace, config,
#                        service accounts, RBAC, NetworkPolicies, Dapr components (Minikube: the
#                        in-cluster PostgreSQL; OKE: the TLS issuer and Knative's TLS settings)
#   knative.yaml         Knative's config-domain (OKE), replaced whole
#   migrate.yaml         the migration Job
#   services/<name>.yaml one Knative Service each
# First it checks the cluster (not with --dry-run): kubectl and kn >= 1.11 present, Knative
# Serving >= 1.22 and Dapr's control plane >= 1.17 installed, the secrets there; each failure
# says what to install or create. Then, in this order: setup.yaml (kubectl apply); knative.yaml
# (kubectl replace: config-domain then holds our domain alone, where an apply would keep the
# <ip>.sslip.io entry of Knative's default-domain job, which sorts first and wins); waiting for its Deployments (Minikube's
# PostgreSQL); the migration Job (replaced, waited for, its logs printed when it fails); the
# Knative Services with `kn service create NAME --force --filename services/NAME.yaml` (kn >=
# 1.11 reads the manifest, so no kn flag repeats it): the gateway first, so a broken eventing
# setup (a bad Redpanda secret) never leaves the cluster without its API; the functions next,
# so the router's targets exist when eventing starts; eventing last.
#
# At the end it prints the gateway's URL and how to sign in.
#
# --dry-run renders, then prints every command instead of running it (no cluster needed); tests/contract compares
# that output with the rendering. DEPLOY_RENDER_DIR=<dir> renders into <dir> and keeps it;
# otherwise a temporary folder is used and removed.
# Secrets are never created here: docs/deploy.md shows the `kubectl create secret` commands, and
# this script stops when one is missing.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=knative/lib.sh
. knative/lib.sh
usage="knative/deploy.sh minikube|oke [--dry-run]"
message_prefix=deploy
ns=todo
# The oldest releases this deploy works with (docs/deploy.md pins the versions it installs):
# kn >= 1.11 reads --filename; Knative Serving 1.22+ is supported upstream (1.23 installed by
# the docs); Dapr 1.17+ is what the dapr 1.19 Python SDK is tested against (1.18 installed).
min_kn=1.11
min_knative=1.22
min_dapr=1.17

parse_target_and_dry_run "$@"
case "$target" in
  minikube)
    secrets=(todo-secrets todo-dapr-app-token postgres)
    ;;
  oke)
    if [ -z "${IMAGE:-}" ]; then
      echo "deploy: set IMAGE to the image pushed to OCIR," \
        "e.g. IMAGE=fra.ocir.io/<tenancy-namespace>/todo-events:1.0" >&2
      exit 64
    fi
    secrets=(todo-secrets todo-dapr-app-token redpanda-cloud ocir)
    ;;
  *) usage_error ;;
esac
overlay="deploy/overlays/$target"

# IMAGE split into kustomize's newName and newTag/digest; an unpinned image is refused.
image_name="" image_pin=""
if [ -n "${IMAGE:-}" ]; then
  case "$IMAGE" in
    *@sha256:*) image_name="${IMAGE%@*}" image_pin="digest: ${IMAGE#*@}" ;;
    *:*)
      image_name="${IMAGE%:*}"
      case "${IMAGE##*:}" in
        */* | latest) image_name="" ;;
        *) image_pin="newTag: \"${IMAGE##*:}\"" ;;
      esac
      ;;
  esac
  if [ -z "$image_name" ]; then
    echo "deploy: IMAGE=$IMAGE is not pinned: give it a tag other than latest, or a digest" >&2
    exit 64
  fi
fi

if [ -n "${DEPLOY_RENDER_DIR:-}" ]; then
  render_dir="$DEPLOY_RENDER_DIR"
  mkdir -p "$render_dir"
else
  render_dir="$(mktemp -d "${TMPDIR:-/tmp}/todo-deploy.XXXXXX")"
  trap 'rm -rf "$render_dir"' EXIT
fi

# Splits a kustomize rendering (documents between `---` lines, keys sorted) into the files
# named at the top of this script.
split_rendering() {
  rm -rf "$render_dir/services" "$render_dir/setup.yaml" "$render_dir/migrate.yaml" \
    "$render_dir/knative.yaml"
  mkdir -p "$render_dir/services"
  awk -v dir="$render_dir" '
    function flush(  file) {
      if (doc == "") return
      if (api == "serving.knative.dev/v1" && kind == "Service") {
        file = dir "/services/" name ".yaml"
      } else if (kind == "Job") {
        file = dir "/migrate.yaml"
      } else if (namespace == "knative-serving" && name == "config-domain") {
        # Replaced whole (replace_knative_config). The other Knative ConfigMaps (config-network
        # and config-certmanager of the TLS component) are applied with setup.yaml: a merge
        # keeps the keys the install steps set there (ingress-class, features).
        file = dir "/knative.yaml"
      } else {
        file = dir "/setup.yaml"
      }
      printf "---\n%s", doc >> file
      close(file)
      doc = ""; api = ""; kind = ""; name = ""; namespace = ""; in_meta = 0
    }
    /^---$/ { flush(); next }
    { doc = doc $0 "\n" }
    /^apiVersion: / { api = $2 }
    /^kind: / { kind = $2 }
    /^[^ ]/ { in_meta = ($0 == "metadata:") }
    in_meta && /^  name: / && name == "" { name = $2 }
    in_meta && /^  namespace: / && namespace == "" { namespace = $2 }
    END { flush() }
  '
}

render() {
  mkdir -p "$render_dir/kustomize"
  kubectl kustomize "$overlay" >"$render_dir/kustomize/overlay.yaml"
  split_rendering <"$render_dir/kustomize/overlay.yaml"
  if [ -n "$image_name" ]; then
    # The overlay's app image (the gateway's names it) replaced everywhere by IMAGE, through a
    # kustomization of our own over the overlay's rendering.
    local current
    current="$(awk '$1 == "image:" || ($1 == "-" && $2 == "image:") { print $NF; exit }' \
      "$render_dir/services/gateway.yaml")"
    current="${current%@*}"
    case "${current##*/}" in *:*) current="${current%:*}" ;; esac
    cat >"$render_dir/kustomize/kustomization.yaml" <<EOF
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - overlay.yaml
images:
  - name: $current
    newName: $image_name
    $image_pin
EOF
    kubectl kustomize "$render_dir/kustomize" | split_rendering
  fi
  for name in gateway eventing; do
    [ -f "$render_dir/services/$name.yaml" ] || die "$overlay renders no Knative Service $name"
  done
}

version_at_least() { # version_at_least HAVE WANT: true when HAVE >= WANT (dotted numbers)
  [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]
}

# The version a label of a cluster object carries ("" when the object is missing), e.g.
# label_version namespace knative-serving: Knative's release YAML sets app.kubernetes.io/version
# on its namespace; Dapr's Helm chart sets it on every control-plane deployment.
label_version() {
  kubectl "$@" -o 'jsonpath={.metadata.labels.app\.kubernetes\.io/version}' 2>/dev/null |
    sed -e 's/^v//' -e 's/-.*//' || true
}

# require_version WHAT FOUND MINIMUM WHERE INSTALL WHY UPGRADE: stops the deploy when WHAT's
# version FOUND is "" (not installed: WHERE says what was looked for, INSTALL what to do) or
# older than MINIMUM (WHY it is needed, UPGRADE what to do); both as docs/deploy.md shows.
require_version() {
  local what="$1" found="$2" minimum="$3" where="$4" install="$5" why="$6" upgrade="$7"
  [ -n "$found" ] || die "$what is not installed ($where); $install as docs/deploy.md shows"
  version_at_least "$found" "$minimum" ||
    die "$what $found found; need >= $minimum ($why): $upgrade as docs/deploy.md shows"
}

check_versions() {
  local kn_version
  command -v kn >/dev/null || die "kn is not installed (need kn >= $min_kn)"
  # awk reads every line: quitting early would kill kn with SIGPIPE, and pipefail the script.
  kn_version="$(kn version 2>/dev/null |
    awk '/^Version:/ && v == "" { v = $2; sub(/^v/, "", v) } END { print v }')"
  version_at_least "${kn_version:-0}" "$min_kn" ||
    die "kn ${kn_version:-of unknown version} found; --filename needs kn >= $min_kn"
  require_version "Knative Serving" "$(label_version get namespace knative-serving)" \
    "$min_knative" "no namespace knative-serving with a version label" "install it" \
    "older releases are out of upstream support" "upgrade it"
  require_version Dapr "$(label_version -n dapr-system get deployment dapr-sidecar-injector)" \
    "$min_dapr" "no dapr-sidecar-injector in dapr-system" "run dapr init -k" \
    "the app's dapr SDK is tested against it" "dapr upgrade -k"
}

preflight() {
  "$dry_run" && return 0
  local secret
  check_versions
  for secret in "${secrets[@]}"; do
    kubectl -n "$ns" get secret "$secret" >/dev/null 2>&1 ||
      die "secret $ns/$secret is missing; docs/deploy.md shows how to create it"
  done
  # Every service refuses events (and eventing will not start) without the signing key.
  local key
  for key in DATABASE_URL EVENT_SIGNING_KEY; do
    [ -n "$(kubectl -n "$ns" get secret todo-secrets -o "jsonpath={.data.$key}")" ] ||
      die "secret $ns/todo-secrets has no $key; docs/deploy.md shows how to add it"
  done
  if grep -q 'auth\.example\.com' "$render_dir/setup.yaml"; then
    die "set the AUTH_* URLs of your Better Auth in $overlay/config.yaml"
  fi
  # The TLS component (OKE) renders a cert-manager ClusterIssuer: without cert-manager its apply
  # fails halfway ("no matches for kind"), after the rest of setup.yaml changed the cluster.
  if grep -q '^kind: ClusterIssuer$' "$render_dir/setup.yaml" &&
    ! kubectl get crd clusterissuers.cert-manager.io >/dev/null 2>&1; then
    die "cert-manager is not installed (no ClusterIssuer kind), and $overlay serves" \
      "HTTPS through it: install it as docs/deploy.md's TLS section shows"
  fi
  if [ -f "$render_dir/knative.yaml" ] && grep -q 'todo\.example\.com' "$render_dir/knative.yaml"; then
    die "set your domain in $overlay/domain.yaml"
  fi
}

migrate() {
  # A Job's pod template cannot change, so the Job is replaced.
  run kubectl -n "$ns" delete job todo-migrate --ignore-not-found
  run kubectl apply -f "$render_dir/migrate.yaml"
  if ! run kubectl -n "$ns" wait --for=condition=complete job/todo-migrate --timeout=300s; then
    kubectl -n "$ns" logs job/todo-migrate --all-containers --tail=200 >&2 || true
    die "the migration Job did not complete; its logs are above"
  fi
}

# config-domain as rendered, whole: `kubectl apply` would merge it with the live one and keep
# any key it did not put there (the default-domain job's <ip>.sslip.io, which wins).
replace_knative_config() {
  [ -f "$render_dir/knative.yaml" ] || return 0
  local ours theirs key
  ours="$(awk '/^data:/ { d = 1; next } d && /^  [^ ]/ { sub(/^  /, ""); sub(/:.*/, ""); print } /^[^ ]/ && !/^data:/ { d = 0 }' "$render_dir/knative.yaml")"
  if "$dry_run"; then
    echo "deploy: config-domain is replaced: any domain but $ours there is removed" >&2
  else
    # shellcheck disable=SC2016 # a Go template for kubectl, not shell words to expand
    theirs="$(kubectl -n knative-serving get configmap config-domain \
      -o 'go-template={{range $k, $v := .data}}{{$k}}{{"\n"}}{{end}}' 2>/dev/null || true)"
    for key in $theirs; do
      case "$key" in
        _example) ;;
        *) grep -qxF "$key" <<<"$ours" ||
          echo "deploy: warning: config-domain held $key; it is replaced by $ours" >&2 ;;
      esac
    done
  fi
  run kubectl replace -f "$render_dir/knative.yaml"
}

# Where to go next: the UI's URL and how to sign in.
print_next_steps() {
  local url
  url="$(kn service describe gateway --namespace "$ns" -o url 2>/dev/null || true)"
  echo
  echo "The UI: ${url:-(kn service describe gateway -n $ns -o url)}"
  if [ "$target" = minikube ]; then
    echo "Sign in with a link holding a token of the gateway's own key (good on that pod only):"
    echo "  echo \"${url:-<gateway URL>}/#token=\$(kubectl -n $ns exec \"\$(kubectl -n $ns get pod" \
      "-l serving.knative.dev/service=gateway -o name | head -n1)\" -c user-container --" \
      "todo token alice)\""
  else
    echo "Sign in through Better Auth (AUTH_JWKS_URL in $overlay/config.yaml); the UI takes its token."
  fi
  echo "Check the event path: knative/smoke.sh ${url:-<gateway URL>} <token>"
}

service() {
  run kn service create "$1" --namespace "$ns" --force --filename "$render_dir/services/$1.yaml"
}

# Rendering needs kubectl (its built-in kustomize), a dry run too.
command -v kubectl >/dev/null || die "kubectl is not installed"
render
preflight
run kubectl apply -f "$render_dir/setup.yaml"
replace_knative_config
# Minikube's PostgreSQL must accept connections before the migration Job tries them.
if grep -q '^kind: Deployment$' "$render_dir/setup.yaml"; then
  run kubectl -n "$ns" wait --for=condition=Available deployment \
    -l app.kubernetes.io/part-of=todo-events --timeout=300s
fi
migrate

# The gateway first: public, and independent of Kafka.
service gateway
# The functions: the router's targets.
for file in "$render_dir"/services/*.yaml; do
  name="$(basename "$file" .yaml)"
  case "$name" in gateway | eventing) ;; *) service "$name" ;; esac
done
# Eventing last: its sidecar needs the Kafka bindings and their secrets.
service eventing

if ! "$dry_run"; then
  kn service list --namespace "$ns"
  print_next_steps
fi
