"""Server-drawn SVG charts, the same markup in a page and in a PDF: ``columns`` draws values
over periods (vertical bars, lines, a target line); ``rows`` draws one horizontal bar per label
(long Vietnamese labels fit), plain or stacked as shares of a whole."""
