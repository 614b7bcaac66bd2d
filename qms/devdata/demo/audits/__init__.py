"""Demo improvement, internal audits and citizen satisfaction of the Lâm Đồng province."""
