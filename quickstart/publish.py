#!/usr/bin/env python3
"""Publish points to Seriesflow from Python, with the standard library only.

    SERIESFLOW_URL=http://localhost:8080/ SERIESFLOW_PUBLISH_TOKEN=s3cret python3 publish.py my-sensor 10

Sends COUNT points (one a second apart, ending now) to the stream as NDJSON in one request and prints the
server's answer: the stream, its epoch and the seq range the points got. Exits 1 on a refusal.
"""
import json
import os
import sys
import time
import urllib.error
import urllib.request


def main():
    base = os.environ.get("SERIESFLOW_URL", "http://localhost:8080/")
    token = os.environ["SERIESFLOW_PUBLISH_TOKEN"]
    stream = sys.argv[1] if len(sys.argv) > 1 else "my-sensor"
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    now = int(time.time() * 1000)
    lines = [json.dumps({"ts": now - (count - 1 - i) * 1000, "value": 20 + i / 10}) for i in range(count)]
    request = urllib.request.Request(
        base.rstrip("/") + "/api/streams/" + stream + "/points",
        data="\n".join(lines).encode("utf-8"),
        method="POST",
        headers={"Authorization": "Bearer " + token, "Content-Type": "application/x-ndjson"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            print(response.read().decode("utf-8"))
    except urllib.error.HTTPError as refusal:  # a problem body says what was wrong
        print(refusal.code, refusal.read().decode("utf-8"), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
