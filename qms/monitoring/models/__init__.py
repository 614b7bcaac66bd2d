from qms.monitoring.models.announcements import Announcement
from qms.monitoring.models.framework import FrameworkProcedure
from qms.monitoring.models.reminders import MonitoringReminder

__all__ = ["Announcement", "FrameworkProcedure", "MonitoringReminder"]
