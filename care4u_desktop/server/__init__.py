"""``care4u-server``: the use cases over HTTP (``/v1``), for enrolled kiosks and desks.

The server holds the store's credentials and enforces every rule; a device holds only its
revocable token and the session of the person in front of it. Its modules, by concern:
``settings`` (lengths and limits from flags and the environment), ``schemas`` (the JSON
shapes), ``errors`` (domain errors to statuses and one error body), ``deps`` (the device,
the session, the desk rules, the rate limits), ``routes_*`` (the paths), ``app``
(``create_app``), ``main`` (the process: uvicorn, TLS, the background jobs).
"""
