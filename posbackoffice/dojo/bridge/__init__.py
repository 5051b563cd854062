"""The EPOS Data API over Dojo's WebSocket: one outbound connection per venue, JSON-RPC
requests in, replies out, each answered by the same operation as its REST route."""
