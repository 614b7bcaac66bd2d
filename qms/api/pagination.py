from rest_framework import pagination


class KeysetPagination(pagination.CursorPagination):
    """``?page_size=50``, then the ``next`` link: each page starts after the last row of the
    page before it, by primary key. Page 200 costs what page 1 costs (no OFFSET to walk), and
    rows added or removed between two requests neither repeat nor go missing. Rows come in the
    order they were recorded; a page holds at most 100."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = "pk"

    def get_ordering(self, request, queryset, view):
        """A view whose rows are reached through another table's index names its own key in
        ``keyset_ordering``: its first column decides where a page starts."""
        return getattr(view, "keyset_ordering", None) or super().get_ordering(
            request, queryset, view
        )
