"""Running the back office as a service: health checks, Prometheus metrics, structured logs."""
