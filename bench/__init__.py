"""`make bench`: PeerHub under load with production settings (see docs/benchmarks.md)."""
