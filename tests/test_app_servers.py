"""Two app servers, one database, one bucket, one worker: what a province with no single point
of failure runs. Two real gunicorn processes on their own ports and a `manage.py db_worker`
share the test database and a bucket on the S3 server of tests/object_storage.py; people reach
either server, as a proxy would send them.
"""

import hashlib
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import requests
from django.db import connection
from django.test import TransactionTestCase, override_settings
from django.urls import reverse

from documents.models import Acknowledgement, Revision
from documents.services import revisions as flow
from qms.agencies.roles import Role
from qms.devdata.scale import load
from tests import object_storage
from tests.helpers import KeepsCatalogue, make_agency, make_document, make_user

PASSWORD = "mat-khau-thu-nghiem"


def database_url() -> str:
    """The test database as the app servers reach it."""
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{database['NAME']}"
    login = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
    return f"postgres://{login}@{database['HOST']}:{database['PORT']}/{database['NAME']}"


def csrf_of(page: requests.Response) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)


class TwoAppServersTests(KeepsCatalogue, TransactionTestCase):
    def setUp(self):
        self.bucket = object_storage.new_bucket()
        storages = override_settings(STORAGES=object_storage.storages_with_bucket(self.bucket))
        storages.enable()
        self.addCleanup(storages.disable)

        agency = make_agency("Sở Tư pháp")
        self.hung = make_user("Trần Văn Hùng", agency, [Role.DRAFTER])
        mai = make_user("Lê Thị Mai", agency, [Role.REVIEWER])
        self.minh = make_user("Phạm Văn Minh", agency, [Role.APPROVER])
        self.hoa = make_user("Đỗ Thị Hoa", agency, [Role.STAFF])
        self.revision = make_document(
            agency, self.hung, "Quy trình tiếp nhận hồ sơ"
        ).revisions.get()
        flow.revision_update_content(
            revision=self.revision,
            by=self.hung,
            purpose="Thống nhất cách tiếp nhận hồ sơ.",
            scope="Bộ phận một cửa.",
            steps=[{"content": "Tiếp nhận hồ sơ", "responsible": "Một cửa", "duration_days": 1}],
            records=[],
        )
        flow.revision_submit(
            revision=self.revision, by=self.hung, reviewers=[mai], approver=self.minh
        )
        flow.revision_review_pass(revision=self.revision, by=mai)

        # The servers and the worker read the same settings: the test database, the bucket,
        # one key, and the queue in the database.
        environment = {
            "DJANGO_SETTINGS_MODULE": "tests.app_server_settings",
            "DATABASE_URL": database_url(),
            "FILE_STORAGE": "s3",
            "S3_ENDPOINT_URL": object_storage.endpoint(),
            "S3_BUCKET": self.bucket,
            "S3_REGION": object_storage.REGION,
            "S3_ACCESS_KEY_ID": object_storage.ACCESS_KEY,
            "S3_SECRET_ACCESS_KEY": object_storage.SECRET_KEY,
            # Plain HTTP on the loopback address: cookies without the Secure flag.
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
        }
        self.servers = []
        for _server in range(2):
            process, port = load.start_gunicorn(workers=1, environment=environment)
            self.addCleanup(load.stop, process)
            self.servers.append(f"http://127.0.0.1:{port}")
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--queue-name", "*", "--interval", "0.2",
             "--no-startup-delay"],
            cwd=Path(__file__).resolve().parent.parent,
            env={**os.environ, **environment},
        )  # fmt: skip
        self.addCleanup(load.stop, worker)

    def wait_for_copy(self) -> Revision:
        """The revision once the worker has stored its copy (a render takes about a second)."""
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            revision = Revision.objects.get(pk=self.revision.pk)
            if revision.pdf_file:
                return revision
            time.sleep(0.2)
        self.fail("The worker made no controlled copy within two minutes.")

    def sign_in(self, server: str, user) -> requests.Session:
        browser = requests.Session()
        page = browser.get(f"{server}{reverse('login')}")
        answer = browser.post(
            f"{server}{reverse('login')}",
            data={
                "username": user.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": csrf_of(page),
            },
            allow_redirects=False,
        )
        self.assertEqual(answer.status_code, 302, answer.text[:500])
        return browser

    def test_approved_on_one_server_made_by_the_worker_read_on_the_other(self):
        first, second = self.servers
        detail = reverse("documents:revision-detail", args=[self.revision.pk])

        # Minh signs in on the first server and approves, distributing to Hoa.
        minh = self.sign_in(first, self.minh)
        page = minh.get(f"{first}{detail}")
        approved = minh.post(
            f"{first}{reverse('documents:revision-approve', args=[self.revision.pk])}",
            data={
                "csrfmiddlewaretoken": csrf_of(page),
                "comment": "Đồng ý ban hành.",
                "effective_date": "",
                "offered": "on",
                "users": [self.hoa.pk],
            },
            allow_redirects=False,
        )
        self.assertEqual(approved.status_code, 302, approved.text[:500])
        # The approval answered at once; the worker makes the copy, and the issue takes
        # effect when the copy is stored.
        revision = self.wait_for_copy()
        self.assertEqual(revision.status, Revision.Status.EFFECTIVE)
        stored = object_storage.bucket_contents(self.bucket)[revision.pdf_file.name]
        self.assertEqual(hashlib.sha256(stored).hexdigest(), revision.pdf_sha256)

        # His session, made on the first server, works on the second.
        again = minh.get(f"{second}{detail}", allow_redirects=False)
        self.assertEqual(again.status_code, 200)
        self.assertIn("Phạm Văn Minh", again.text)

        # Hoa signs in on the first; the second serves her the copy the first stored.
        hoa = self.sign_in(first, self.hoa)
        download = hoa.get(f"{second}{reverse('documents:revision-pdf', args=[revision.pk])}")
        self.assertEqual(download.status_code, 200)
        self.assertEqual(download.content, stored)

        # Anyone checks the paper copy against the record on the second server.
        verify = f"{second}{reverse('verify', args=[revision.verification_token])}"
        checker = requests.Session()
        form = checker.get(verify)
        checked = checker.post(
            verify,
            data={"csrfmiddlewaretoken": csrf_of(form)},
            files={"file": ("QT-01.pdf", download.content, "application/pdf")},
        )
        self.assertIn("Tệp trùng khớp hoàn toàn, từng byte, với bản đã ban hành.", checked.text)

        # Hoa acknowledges on the second server.
        page = hoa.get(f"{second}{detail}")
        acknowledged = hoa.post(
            f"{second}{reverse('documents:revision-acknowledge', args=[revision.pk])}",
            data={"csrfmiddlewaretoken": csrf_of(page)},
            allow_redirects=False,
        )
        self.assertEqual(acknowledged.status_code, 302)
        self.assertTrue(Acknowledgement.objects.filter(revision=revision, user=self.hoa).exists())

        # A short load spread over both: every request answered, by both servers.
        cookie = "; ".join(f"{name}={value}" for name, value in hoa.cookies.items())
        result = load.run_load(
            ports=[int(server.rsplit(":", 1)[1]) for server in self.servers],
            cookie=cookie,
            urls=[detail, reverse("documents:register"), reverse("home")],
            seconds=3,
            concurrency=4,
        )
        self.assertEqual(result["errors"], 0, result["error_kinds"])
        self.assertTrue(all(count > 0 for count in result["requests_by_server"]), result)
