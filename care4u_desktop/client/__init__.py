"""The desktop app on ``care4u-server``: the use-case protocols over HTTP (``--backend api``).

Nothing here imports an adapter, boto3 or sqlite3: a kiosk on the API holds no data
credentials, only its device token and the session of the person in front of it.
"""
