"""Survey-result and population CSVs as Swedish Excel saves them (``python -m ...``).

Swedish Excel's "CSV (semikolonavgränsad)" is Windows-1252 with ``;`` and decimal
commas, a title line and an empty line above the header when the sheet had them, and
the separators padded out to the table's width; "CSV UTF-8" is the same in UTF-8 with
a byte-order mark. Headers are the Swedish ones an office writes (``År``, ``DeSO-kod``,
``Folkmängd``). Run ``python -m tests.data.office.make_reference_files`` to write them.
"""

from __future__ import annotations

import codecs
from pathlib import Path

HERE = Path(__file__).parent

SURVEY = (
    "Trygghetsmätning Tomelilla kommun 2023–2024;;;\r\n"
    ";;;\r\n"
    "DeSO-kod;År;Otrygg utomhus kvällstid (%);Oro för inbrott (%)\r\n"
    "1270A0010;2023;23,5;12,5\r\n"
    "1270A0010;2024;21;11,8\r\n"
    "1270A0020;2023;30,25;9\r\n"
)
POPULATION = (
    "Folkmängd per DeSO 31 december 2023;;\r\n"
    "DeSO-kod;Område;Folkmängd\r\n"
    "1270A0010;Tomelilla tätort norra;1 845\r\n"
    "1270A0020;Brösarp–Smedstorp;2\u00a0310,0\r\n"
)
#: File name → bytes.
FILES = {
    "survey_excel_cp1252.csv": SURVEY.encode("cp1252"),
    "survey_excel_utf8_bom.csv": codecs.BOM_UTF8 + SURVEY.encode("utf-8"),
    "population_excel_cp1252.csv": POPULATION.encode("cp1252"),
    "population_excel_utf8_bom.csv": codecs.BOM_UTF8 + POPULATION.encode("utf-8"),
}


def main() -> None:
    """Write the files next to this script."""
    for name, data in FILES.items():
        (HERE / name).write_bytes(data)


if __name__ == "__main__":
    main()
