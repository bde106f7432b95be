"""The result object: chosen sentences with provenance, and its renderings.

The arrow runs one way: Summary's `to_*` methods call the renderers (tomtat.render), which read a Summary's
fields without importing this module back (they name the type for checkers only).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .model import Cluster, Sentence


@dataclass
class Summary:
    cluster: Cluster
    sentences: list[Sentence]
    max_words: int
    scores: dict[tuple[int, int], float] = field(default_factory=dict)
    order: str | None = None        # how the sentences were ordered (extractive.order.ordering); None: not said

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)

    @property
    def id(self) -> str | None:
        return self.cluster.id

    def to_dict(self, explain: bool = False) -> dict:
        from .render.json import summary_dict

        return summary_dict(self, explain=explain)

    def to_json(self, explain: bool = False) -> str:
        from .render.json import render_json

        return render_json(self, explain=explain)

    def to_text(self, explain: bool = False) -> str:
        from .render.text import render_text

        return render_text(self, explain=explain)

    def to_html(self, explain: bool = False) -> str:
        from .render.html import render_html

        return render_html(self, explain=explain)

    def to_timeline(self, explain: bool = False) -> str:
        from .render.timeline import render_timeline

        return render_timeline(self, explain=explain)

    def render(self, fmt: str, explain: bool = False) -> str:
        renderers = {"json": self.to_json, "text": self.to_text, "html": self.to_html, "timeline": self.to_timeline}
        return renderers[fmt](explain=explain)
