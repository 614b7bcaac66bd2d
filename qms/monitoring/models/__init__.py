"""Models of the supervision; each module owns one part of it."""
