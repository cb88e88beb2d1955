"""The sidecar's gRPC API: InvokeBinding only (every other Dapr RPC answers UNIMPLEMENTED)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import grpc
from dapr.proto.runtime.v1 import binding_pb2, dapr_pb2_grpc

from tests.support.dapr_standin.components import BindingError

if TYPE_CHECKING:
    from tests.support.dapr_standin.sidecar import DaprSidecarStandIn


class DaprServicer(dapr_pb2_grpc.DaprServicer):
    """The sidecar's gRPC API: only InvokeBinding (see add_to_server)."""

    def __init__(self, sidecar: DaprSidecarStandIn) -> None:
        self.sidecar = sidecar

    async def InvokeBinding(
        self, request: binding_pb2.InvokeBindingRequest, context: grpc.aio.ServicerContext
    ) -> binding_pb2.InvokeBindingResponse:
        # The W3C trace context the caller sent as gRPC metadata (daprd continues it).
        self.sidecar.call_traceparents.append(
            dict(context.invocation_metadata() or ()).get("traceparent")
        )
        try:
            await self.sidecar.invoke_output(
                request.name, request.operation, request.data, dict(request.metadata)
            )
        except BindingError as exc:
            await context.abort(
                grpc.StatusCode.INTERNAL,
                f"error invoking output binding {request.name}: {exc}",
            )
        return binding_pb2.InvokeBindingResponse()

    def add_to_server(self, server: grpc.aio.Server) -> None:
        """Register InvokeBinding only, so every other Dapr RPC answers UNIMPLEMENTED."""
        handler = grpc.unary_unary_rpc_method_handler(
            self.InvokeBinding,
            request_deserializer=binding_pb2.InvokeBindingRequest.FromString,
            response_serializer=binding_pb2.InvokeBindingResponse.SerializeToString,
        )
        server.add_generic_rpc_handlers(
            (
                grpc.method_handlers_generic_handler(
                    "dapr.proto.runtime.v1.Dapr", {"InvokeBinding": handler}
                ),
            )
        )
