"""One module per screen. Views lay out and react; services do the work."""
