"""CloudEvents, the transactional outbox relay, the router and its transports."""
