"""Procedures in Word: reading an agency's .docx by meaning (``reading``) and writing any
issue back out in the agency's layout (``writing``), both through ``structure``."""
