"""Reading the main navigation of a rendered page, by URL and menu key (never by label)."""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Navigation:
    links: list[str] = field(default_factory=list)  # top-level links, in order
    menus: dict[str, list[str]] = field(default_factory=dict)  # menu key -> its links
    active_menus: list[str] = field(default_factory=list)
    current: list[str] = field(default_factory=list)  # links marked aria-current="page"

    @property
    def urls(self) -> list[str]:
        return self.links + [url for urls in self.menus.values() for url in urls]


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.navigation = Navigation()
        self.depth = 0  # how deep inside the list of menus, 0 outside it
        self.menu: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "ul" and (self.depth or attrs.get("id") == "qms-menus"):
            self.depth += 1
        if not self.depth:
            return
        nav = self.navigation
        if tag == "li" and "data-menu" in attrs:
            self.menu = attrs["data-menu"]
            nav.menus[self.menu] = []
        elif tag == "summary" and self.menu and "active" in attrs.get("class", "").split():
            nav.active_menus.append(self.menu)
        elif tag == "a":
            (nav.menus[self.menu] if self.menu else nav.links).append(attrs["href"])
            if attrs.get("aria-current") == "page":
                nav.current.append(attrs["href"])

    def handle_endtag(self, tag):
        if not self.depth:
            return
        if tag == "ul":
            self.depth -= 1
        elif tag == "li" and self.depth == 1:
            self.menu = None


def navigation_of(response) -> Navigation:
    """The menus and links of the main navigation in ``response``, as rendered."""
    parser = _Parser()
    parser.feed(response.content.decode())
    return parser.navigation
