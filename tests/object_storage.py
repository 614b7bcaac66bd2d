"""A real S3 API for the tests: moto's server, on a free port of 127.0.0.1, started once per
test process and shared by its tests; each test class takes a bucket of its own.

The storage code under test talks to it over HTTP through boto3 exactly as it talks to a
province's object storage; only the tests read the bucket behind its back, with their own
client, to see what was really stored.
"""

import logging
import uuid

import boto3
from moto.server import ThreadedMotoServer

from qms.lib.bucket import bucket_options

ACCESS_KEY = "qms-test-access"
SECRET_KEY = "qms-test-secret"
REGION = "us-east-1"

_server: ThreadedMotoServer | None = None


def endpoint() -> str:
    global _server
    if _server is None:
        # The server logs every request it answers; the tests' own failures say enough.
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
        _server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        _server.start()
    host, port = _server.get_host_and_port()
    return f"http://{host}:{port}"


def client(endpoint_url: str | None = None):
    return boto3.client(
        "s3",
        endpoint_url=endpoint_url or endpoint(),
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        region_name=REGION,
    )


def new_bucket() -> str:
    name = f"qms-{uuid.uuid4().hex[:12]}"
    client().create_bucket(Bucket=name)
    return name


def bucket_storage(bucket: str, *, endpoint_url: str | None = None) -> dict:
    """The ``STORAGES`` entry of ``bucket``, as settings.py builds it from the environment."""
    return bucket_options(
        bucket=bucket,
        endpoint_url=endpoint_url or endpoint(),
        region=REGION,
        access_key=ACCESS_KEY,
        secret_key=SECRET_KEY,
        addressing_style="path",
    )


def storages_with_bucket(bucket: str, *, endpoint_url: str | None = None) -> dict:
    """``STORAGES`` with the bucket as the default storage and the local folder beside it."""
    from django.conf import settings

    s3 = bucket_storage(bucket, endpoint_url=endpoint_url)
    return {**settings.STORAGES, "s3": s3, "default": s3}


def bucket_contents(bucket: str) -> dict[str, bytes]:
    """Every object of the bucket, read with the tests' own client."""
    s3 = client()
    keys = [
        entry["Key"]
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket)
        for entry in page.get("Contents", ())
    ]
    return {key: s3.get_object(Bucket=bucket, Key=key)["Body"].read() for key in keys}


def unreachable_endpoint() -> str:
    """An address where nothing listens: a bucket that is down."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


def empty_bucket(bucket: str) -> None:
    s3 = client()
    for key in bucket_contents(bucket):
        s3.delete_object(Bucket=bucket, Key=key)
