#!/bin/sh
# Entry point of the one todo-events image: picks what this container runs.
#
#   arguments given        run them as they are (e.g. `todo migrate` in the migration Job)
#   FUNCTION_SOURCE set    a function: functions-framework over that source file
#   TODO_ROLE=eventing     the outbox relay + router (`todo eventing`, beside a Dapr sidecar)
#   TODO_ROLE=gateway      the REST API, chat, MCP and UI (`todo gateway`); also when unset
#
# PORT is set by Knative (8080 when run elsewhere). HOST is 0.0.0.0 in this image (Dockerfile)
# and the Knative manifests; without it every role binds 127.0.0.1. An unknown TODO_ROLE stops the container
# instead of quietly starting the gateway where, say, the eventing service was meant to run.
set -eu

if [ "$#" -gt 0 ]; then
  exec "$@"
fi

if [ -n "${FUNCTION_SOURCE:-}" ]; then
  exec functions-framework --asgi \
    --target "${FUNCTION_TARGET:-handle}" \
    --source "$FUNCTION_SOURCE" \
    --host "${HOST:-127.0.0.1}" \
    --port "${PORT:-8080}"
fi

case "${TODO_ROLE:-gateway}" in
  eventing) exec todo eventing ;;
  gateway) exec todo gateway ;;
  *)
    echo "entrypoint: unknown TODO_ROLE '${TODO_ROLE}' (use gateway or eventing," \
      "or set FUNCTION_SOURCE for a function)" >&2
    exit 64
    ;;
esac
