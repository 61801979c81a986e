"""Multi-site sync: outbox capture, hybrid logical clocks, merge, NATS JetStream transport,
signed bundles and site health. See docs/sync.md."""
