"""Supervision by the provincial Department of Science and Technology (Sở KH&CN): announcements,
the adoption status derived from each agency's data, coverage, inspections, annual reports."""
