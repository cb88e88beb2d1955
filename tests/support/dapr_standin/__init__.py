"""A test stand-in for the Dapr sidecar (daprd), limited to its Kafka bindings.

The real daprd binary cannot be installed here, so tests run `DaprSidecarStandIn` instead. It
stands for what daprd does with `bindings.kafka` components, as ../shared/PLATFORM_FACTS.md
("Dapr Kafka binding") describes and dapr/components-contrib implements, on top of a real
Kafka-protocol broker (`tests.kafka_broker.KafkaBroker`):

- It loads Dapr Component manifests (`apiVersion: dapr.io/v1alpha1`, `kind: Component`,
  `spec.type: bindings.kafka`, `spec.metadata: [{name, value}]`, optional `scopes`) from YAML
  files, folders or dicts, and reads `brokers` (which the test may override), `topics`,
  `publishTopic`, `consumerGroup`, `direction`, `initialOffset`, `consumeRetryEnabled`,
  `route`, `authType` (required, as in Dapr), `clientID`, `excludeHeaderMetaRegex`,
  `escapeHeaders`. Other component types in the same files are ignored.
- Sidecar HTTP API: `GET /v1.0/healthz` and `GET /v1.0/healthz/outbound` answer 204;
  `POST /v1.0/bindings/<name>` with `{"data", "metadata", "operation": "create"}` re-encodes
  `data` as JSON (as Go's `json.Marshal` does: compact, sorted keys, `<>&` escaped) and
  produces it; 204 on success, 500 `{"errorCode": "ERR_INVOKE_OUTPUT_BINDING", ...}` on
  failure, 400 for a malformed body.
- Sidecar gRPC API: `Dapr/InvokeBinding` produces `data` as given. Every other RPC answers
  UNIMPLEMENTED. An unknown binding, an input-only binding, an operation other than `create`,
  or a failed produce answer INTERNAL, as daprd does.
- Output: the record goes to the component's `publishTopic`; the key is metadata
  `partitionKey` (or `__key`); every metadata entry is also a Kafka header; acks=all, and the
  call answers only after the broker acknowledged the record. When no broker answers, the call
  fails within `produce_timeout` and the record is not published later.
- Input: at start, `OPTIONS {app_url}/<route or name>`: 2xx or 405 means subscribed, anything
  else (404) means the binding is not started; connection errors are retried until the app is
  up. Then one consumer per binding in its `consumerGroup` (`initialOffset` oldest/newest,
  manual commits). Records of one partition are delivered one at a time, in order; different
  partitions run in parallel. Each delivery is `POST {app_url}/<route or name>` with the raw
  record value as body, `Content-Type: application/json`, every Kafka header as an HTTP
  header, plus `__key`, `__topic`, `__partition`, `__offset`, `__timestamp` (ms). Only a 200
  acks the record (its offset is committed). Otherwise, with `consumeRetryEnabled: "true"` the
  same record is retried with backoff and its partition waits; with `"false"` (the default)
  the failure is logged and the partition moves on: the record is not committed, but the
  next acked record of the partition commits past it, so it is effectively skipped.
  The stand-in never adds `ce_` headers to records.

What it does not do: no other component types (pub/sub, state, secrets, cron), no service
invocation, actors, workflows, subscriptions, resiliency policies, tracing, metrics or app
health checks; no SASL/TLS (auth metadata is accepted and ignored: the test broker is
plaintext); no `secretKeyRef` resolution (such values read as ""); no bulk or schema-registry
(Avro) handling. Its differences from daprd:

- Offsets are committed synchronously after each 200. daprd (sarama) marks the message and
  auto-commits every second, so after a crash daprd can redeliver up to a second of acked
  records; consumers must be idempotent either way.
- Retry backoff is exponential from `retry_backoff[0]` to `retry_backoff[1]` seconds, forever;
  daprd's default is a constant 5 s interval, forever.
- The consumer session timeout defaults to 2 s (`session_timeout`), daprd's to 10 s, because
  the test broker makes every group join wait half the session timeout.

How a test reaches it: `env()` gives `DAPR_HTTP_ENDPOINT`, `DAPR_GRPC_ENDPOINT`,
`DAPR_HTTP_PORT`, `DAPR_GRPC_PORT` and `DAPR_RUNTIME_HOST`. The dapr 1.19 SDK reads its
settings from the environment every time it uses them (`dapr.conf.Settings.__getattr__`), so
setting them (`monkeypatch.setenv`) any time before `DaprClient()` is constructed works, and
import order does not matter. `DaprClient(address=...)` alone is not enough: the constructor
first polls `GET {DAPR_HTTP_ENDPOINT}/v1.0/healthz/outbound` for up to
`DAPR_HEALTH_TIMEOUT` (60 s), always from the environment. A process started by the test gets
the same variables in its environment.

That health poll is a blocking `urllib` call, even in `dapr.aio.clients.DaprClient()`. This is
why the stand-in runs its servers, producers and consumers on its own event loop in a
background thread: an async test (or product code) can construct a `DaprClient` on its own loop
without deadlocking the stand-in. `start()`/`stop()` block; `async with` runs them in a worker
thread.
"""

from tests.support.dapr_standin.components import (
    BindingError,
    ComponentError,
    KafkaBindingComponent,
    go_json,
    load_components,
    parse_go_bool,
    parse_go_duration,
)
from tests.support.dapr_standin.input_binding import DeliveryAttempt
from tests.support.dapr_standin.sidecar import DaprSidecarStandIn

__all__ = [
    "BindingError",
    "ComponentError",
    "DaprSidecarStandIn",
    "DeliveryAttempt",
    "KafkaBindingComponent",
    "go_json",
    "load_components",
    "parse_go_bool",
    "parse_go_duration",
]
