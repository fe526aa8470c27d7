"""The benchmark's floor: a bare Flask app that answers every POST with a fixed TwiML reply.

`scripts/bench.py` runs it under the same gunicorn configuration as the real service, so the
ratio of their throughputs shows what the helpline's own work costs on top of Flask and
gunicorn on the same machine, in the same run.
"""

from flask import Flask, Response

TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response><Message>Hello</Message></Response>'

app = Flask(__name__)


@app.post("/", defaults={"path": ""})
@app.post("/<path:path>")
def reply(path: str) -> Response:
    """Answer any POST with the same TwiML message, ignoring the request."""
    return Response(TWIML, mimetype="text/xml")
