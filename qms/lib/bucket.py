"""Files in an S3-compatible bucket (Viettel, VNPT and FPT object storage, MinIO, Ceph, AWS),
through django-storages, configured from the environment.

The bucket stays private: nothing is public-read, and the app streams each download itself
after its agency check (see the README, "Files in object storage"), so no link to a file ever
leaves the app.
"""

import functools

from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from storages.backends.s3 import S3Storage

from qms.lib.storage import StorageUnavailable

ADDRESSING_STYLES = ("path", "virtual", "auto")
# A download or a PDF read larger than this goes to a temporary file rather than memory.
MAX_MEMORY_BYTES = 5 * 1024 * 1024


def _unavailable(method):
    """Turn the bucket's failures into StorageUnavailable; a missing file stays
    FileNotFoundError, as on a local disk."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except ClientError as error:
            status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
            if status == 404 and error.response.get("Error", {}).get("Code") != "NoSuchBucket":
                raise FileNotFoundError(args[0] if args else "") from error
            raise StorageUnavailable(_describe(error)) from error
        except BotoCoreError as error:
            raise StorageUnavailable(_describe(error)) from error

    return wrapper


def _describe(error: Exception) -> str:
    if isinstance(error, ClientError):
        return error.response.get("Error", {}).get("Code") or type(error).__name__
    return str(error)[:200] or type(error).__name__


class BucketStorage(S3Storage):
    """S3Storage whose every call fails as StorageUnavailable when the bucket cannot be
    reached, so that a service's transaction undoes its change and the page says why."""

    _open = _unavailable(S3Storage._open)
    _save = _unavailable(S3Storage._save)
    delete = _unavailable(S3Storage.delete)
    exists = _unavailable(S3Storage.exists)
    listdir = _unavailable(S3Storage.listdir)
    size = _unavailable(S3Storage.size)
    get_modified_time = _unavailable(S3Storage.get_modified_time)


def bucket_options(
    *,
    bucket: str,
    endpoint_url: str,
    region: str,
    access_key: str,
    secret_key: str,
    addressing_style: str,
) -> dict:
    """The ``STORAGES`` entry of a bucket."""
    return {
        "BACKEND": "qms.lib.bucket.BucketStorage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint_url or None,
            "region_name": region or None,
            "access_key": access_key or None,
            "secret_key": secret_key or None,
            # Two uploads with the same name both stay, as on the local disk.
            "file_overwrite": False,
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 300,
            "max_memory_size": MAX_MEMORY_BYTES,
            # client_config replaces django-storages' own addressing_style and signature
            # options, so they are all set here. Checksums only where the API requires them:
            # several S3-compatible servers reject botocore's newer default.
            "client_config": Config(
                s3={"addressing_style": addressing_style},
                signature_version="s3v4",
                request_checksum_calculation="when_required",
                response_checksum_validation="when_required",
                connect_timeout=5,
                read_timeout=60,
                retries={"max_attempts": 3, "mode": "standard"},
            ),
        },
    }
