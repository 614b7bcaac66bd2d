from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from qms.agencies.demo import DEMO_PASSWORD
from qms.demo import LOADERS


class Command(BaseCommand):
    help = _("Tạo dữ liệu mẫu tỉnh Lâm Đồng. Chạy lại không thay đổi gì.")

    def handle(self, *args, **options):
        for load in LOADERS:
            load()
        self.stdout.write(
            self.style.SUCCESS(
                _("Đã nạp dữ liệu mẫu. Mật khẩu của mọi tài khoản mẫu: %(password)s")
                % {"password": DEMO_PASSWORD}
            )
        )
