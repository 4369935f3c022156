"""The lägesbild (law 2023:196 §4) and the åtgärdsplan as documents: HTML, PDF and Word.

:func:`document` reads everything once into a :class:`Document`; :func:`html`,
:func:`pdf` and :func:`docx` render one part of it, ``part="lagesbild"`` (the law's
three parts: kartläggning, annan information, analys) or ``part="plan"`` (the åtgärdsplan
alone, Brå's matrix). All three are worded from the same blocks
(:mod:`geo.lagesbild.blocks`), in Swedish or English, and the public versions
(``public=True``) hold only public data. No Streamlit here.
"""

from geo.lagesbild.document import Document, document, log_export
from geo.lagesbild.render import PARTS, html, pdf
from geo.lagesbild.word import docx

__all__ = ["PARTS", "Document", "docx", "document", "html", "log_export", "pdf"]
