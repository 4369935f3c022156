"""No catalog file repeats a key: PyYAML keeps the last one silently.

A text of the open-data page (``opendata.feed``) was once a text and a group of texts
in the same file: the group won, and the page showed an empty paragraph.
"""

from __future__ import annotations

import yaml

from geo import i18n


class _Strict(yaml.SafeLoader):
    """A loader that refuses a mapping holding one key twice."""


def _mapping(loader: _Strict, node: yaml.MappingNode) -> dict:
    keys = [loader.construct_object(key) for key, _ in node.value]
    repeated = sorted({str(k) for k in keys if keys.count(k) > 1})
    assert not repeated, f"{', '.join(repeated)} repeated at {node.start_mark}"
    return loader.construct_mapping(node)


_Strict.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def test_no_catalog_file_repeats_a_key():
    for lang in ("sv", "en"):
        for path in i18n.catalog_files(lang):
            yaml.load(path.read_text(encoding="utf-8"), Loader=_Strict)  # noqa: S506
