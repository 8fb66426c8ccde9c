"""``care4u-admin``: the administrator's command line over the kiosk's own services."""
