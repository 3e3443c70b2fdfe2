"""One HTML page of the interactive atlas, as the renderers return it."""

from dataclasses import dataclass, field


@dataclass
class Page:
    """One HTML page of the atlas."""

    name: str  # "index", or the name of its map spec
    filename: str  # "index.html"
    title_zh: str
    title_en: str
    html: str
    drawn: dict = field(default_factory=dict)  # schema layer name -> features embedded

    def title(self, lang="zh"):
        return self.title_zh if lang == "zh" else self.title_en
