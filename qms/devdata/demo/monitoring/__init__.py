"""Demo supervision of the Lâm Đồng province: announcements, framework lists, inspections and
annual reports."""
