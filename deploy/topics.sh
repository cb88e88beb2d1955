#!/usr/bin/env bash
# Creates the Kafka topics of deploy/topics.yaml, or brings existing ones to its retention, with
# rpk. Run it again at any time: it changes only what differs.
#
#   deploy/topics.sh minikube [--dry-run]   # rpk inside the Redpanda chart's pod redpanda-0
#   deploy/topics.sh cloud [--dry-run]      # your rpk, its profile on Redpanda Cloud
#                                           # (rpk profile create --from-cloud ...)
#
# A missing topic is created with its partitions and retention.ms (and cleanup.policy=delete);
# an existing one gets its retention.ms set. The partition count of an existing topic is left
# alone and a difference is reported: adding partitions moves user ids to other partitions
# (see deploy/topics.yaml). --dry-run prints the rpk commands without running any.
# Why rpk and not Topic resources: the Redpanda operator's Topic CRD exists only where the
# operator runs; rpk works against the Helm chart's Redpanda and Redpanda Cloud alike.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=knative/lib.sh
. knative/lib.sh
usage="deploy/topics.sh minikube|cloud [--dry-run]"
message_prefix=topics
parse_target_and_dry_run "$@"
case "$target" in
  minikube) rpk=(kubectl -n redpanda exec -i redpanda-0 -c redpanda -- rpk) ;;
  cloud) rpk=(rpk) ;;
  *) usage_error ;;
esac

# name partitions retention.ms, one topic a line, from the flat list of deploy/topics.yaml.
topics() {
  awk '
    /^  - name: / { if (name != "") print name, parts, keep; name = $3; parts = ""; keep = "" }
    /^    partitions: / { parts = $2 }
    /^    retention\.ms: / { keep = $2 }
    END { if (name != "") print name, parts, keep }
  ' deploy/topics.yaml
}

# Existing topics and their partition counts (`rpk topic list`: NAME PARTITIONS REPLICAS).
existing=""
"$dry_run" || existing="$("${rpk[@]}" topic list)"

while read -r name partitions retention; do
  if [ -z "$partitions" ] || [ -z "$retention" ]; then
    die "$name in deploy/topics.yaml needs partitions and retention.ms"
  fi
  create=("${rpk[@]}" topic create "$name" --partitions "$partitions"
    --topic-config "retention.ms=$retention" --topic-config cleanup.policy=delete)
  alter=("${rpk[@]}" topic alter-config "$name" --set "retention.ms=$retention")
  if "$dry_run"; then
    print_command "${create[@]}"
    print_command "${alter[@]}"
    continue
  fi
  have="$(awk -v topic="$name" 'NR > 1 && $1 == topic { print $2 }' <<<"$existing")"
  if [ -z "$have" ]; then
    "${create[@]}" >/dev/null
    echo "topics: $name created: $partitions partitions, retention.ms=$retention"
    continue
  fi
  "${alter[@]}" >/dev/null
  echo "topics: $name exists: retention.ms=$retention"
  if [ "$have" != "$partitions" ]; then
    echo "topics: $name has $have partitions, deploy/topics.yaml says $partitions; left as it" \
      "is (rpk topic add-partitions by hand: see deploy/topics.yaml)" >&2
  fi
done < <(topics)
