"""QR codes as SVG data URIs: they go into an ``<img>`` of a page or of a PDF template
(the Content-Security-Policy allows ``data:`` images; the PDF fetcher reads ``data:`` URIs)."""

import io

import segno


def qr_svg_data_uri(text: str, *, scale: int = 4) -> str:
    """A QR code of ``text`` (error correction M, quiet zone included) as an SVG data URI."""
    return segno.make(text, error="m", micro=False).svg_data_uri(scale=scale, border=4)


def qr_svg(text: str, *, scale: int = 4) -> bytes:
    """The same QR code as a standalone SVG document, to serve as an image."""
    out = io.BytesIO()
    segno.make(text, error="m", micro=False).save(out, kind="svg", scale=scale, border=4)
    return out.getvalue()
