"""Every action that changes an order or a payment. Views call these; each runs in one transaction
and takes explicit arguments (no request objects)."""
