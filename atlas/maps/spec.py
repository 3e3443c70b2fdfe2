"""What a map is: one declaration that the web, print and home-page renderers all read."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Words:
    """A text in both languages."""

    zh: str
    en: str

    def __call__(self, lang="zh"):
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class MapSpec:
    """One map of the atlas, declared once.

    ``title`` heads the web page, ``figure_title`` the printed figure, ``label``
    names it in link lists (home page, report, snippets).
    """

    name: str
    title: Words
    figure_title: Words
    label: Words
    description: Words

    @property
    def filename(self):
        return f"{self.name}.html"
