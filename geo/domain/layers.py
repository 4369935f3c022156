"""The registry of map layers: what each layer is, in one frozen spec per layer.

A layer's record class, date field, name field, coded category and status, popup
fields, draw order, map style, GeoPackage geometry type and sensitive free text
used to be written out in a score of dictionaries across the filter, the views,
the map, the store and the published site. They are read from here now, so a new
layer is one :class:`LayerSpec` (and its record, enum, catalog texts and migration);
a layer without a spec or a style fails with a ``KeyError`` instead of being drawn
like the municipal boundary.

The record class keeps what validation needs (``LAYER``, ``GEOMETRY_TYPES``,
``DATE_FIELD``, ``PUBLIC_FIELDS``); the spec reads those rather than repeating them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from geo import i18n
from geo.domain import palette as mapstyle
from geo.domain.enums import ActivityKind, Category, Code, FindingStatus, PlaceStatus
from geo.domain.model import Activity, Feature, Finding, SafetyWalk, UnsafePlace, WatchArea


@dataclass(frozen=True)
class Coded:
    """A field holding codes of one enum: a layer's category (or kind) or status."""

    field: str
    enum: type[Code]
    #: The :class:`~geo.domain.filters.Filter` argument selecting these codes ("" if none).
    filter_arg: str = ""

    @property
    def group(self) -> str:
        """The catalog group naming the codes (``i18n.label(group, code, lang)``)."""
        return i18n.ENUM_GROUPS[self.enum.__name__]


@dataclass(frozen=True)
class Style:
    """How a layer looks on the maps, in the legend and in the report's map image.

    ``path`` is the Leaflet path style; a layer coloured by its codes names the
    coded field (``fill_field``) and the colours (``fills``, grey for an unknown code),
    and its legend lists those codes under ``legend_heading``. Other layers show one
    swatch of ``colour`` in the shape ``legend``.
    """

    colour: str
    path: Mapping[str, object]
    legend: str  # "circle", "line" or "square": the legend swatch's shape
    #: Circle-marker radius in pixels (points and the report's map image).
    radius: int = 6
    #: The look of a grid cell counting many points ("" for a layer without points).
    cell: str = ""
    fill_field: str | None = None
    fills: Mapping[str, str] = field(default_factory=dict)
    legend_heading: str = ""

    def leaflet(self, category: str | None = None, status: str | None = None
                ) -> dict[str, object]:
        """The Leaflet path style of one feature with these codes."""
        if self.fill_field is None:
            return dict(self.path)
        code = category if self.fill_field == "category" else status
        return {**self.path, "fillColor": self.fills.get(code or "", mapstyle.GREY)}


@dataclass(frozen=True)
class LayerSpec:
    """Everything the app says of one layer that is not a field's own check."""

    record: type[Feature]
    #: Position in drawing order (areas below lines below points).
    draw: int
    #: The field naming a record in tables and the meeting's lists.
    name_field: str
    #: GeoPackage geometry type of the layer's table.
    gpkg_geometry: str
    #: Fields shown in a feature's popup on the published site (all public fields).
    popup_fields: tuple[str, ...]
    style: Style
    category: Coded | None = None
    status: Coded | None = None
    #: The field ending a record's span (a span belongs to every year it touches).
    end_field: str | None = None
    #: The field linking a record to a pledge commitment, which the filter can select.
    commitment_field: str | None = None
    #: Typed text a sensitive record never shows the public (it can name the place).
    free_text: tuple[str, ...] = ()
    #: Whether a sensitive category generalises the record for the public.
    sensitive: bool = False
    #: Whether the map shows the record's name on hover (few features, names worth showing).
    labelled: bool = False

    @property
    def layer(self) -> str:
        """The layer's name: its table, its catalog key ``layers.<name>``."""
        return self.record.LAYER

    @property
    def date_field(self) -> str:
        """The date that places a record in a year (the start of a span)."""
        return self.record.DATE_FIELD

    @property
    def geometry_types(self) -> tuple[str, ...]:
        """The shapes a record may have."""
        return self.record.GEOMETRY_TYPES

    @property
    def public_fields(self) -> tuple[str, ...]:
        """The fields a public view may show."""
        return self.record.PUBLIC_FIELDS

    @property
    def style_fields(self) -> tuple[str | None, str | None]:
        """The columns whose codes choose a feature's style: (category or kind, status)."""
        return (self.category.field if self.category else None,
                self.status.field if self.status else None)

    @property
    def label_field(self) -> str | None:
        """The column shown on hover on the map, if any."""
        return self.name_field if self.labelled else None

    @property
    def coded(self) -> Mapping[str, str]:
        """The record's choice fields (its ``FIELDS`` table) → the catalog group naming them."""
        return MappingProxyType({field.name: field.group for field in self.record.FIELDS
                                 if field.group})


_PLACE_CELL = ("box-sizing:border-box;border-radius:{radius};background:{bg};color:{fg};"
               "border:3px solid {ring};text-align:center;font:bold 12px sans-serif")


def _cell(radius: str, bg: str, fg: str, ring: str) -> str:
    """A grid cell's CSS: dark on white or white on dark (contrast above 4.5:1, WCAG 1.4.3)."""
    return _PLACE_CELL.format(radius=radius, bg=bg, fg=fg, ring=ring)


_SPECS = (
    LayerSpec(
        UnsafePlace, draw=3, name_field="description", gpkg_geometry="GEOMETRY",
        popup_fields=("category", "source", "reported_date", "status", "description"),
        style=Style(mapstyle.DARK, MappingProxyType(
            {"color": mapstyle.DARK, "weight": 1, "fill": True, "fillColor": mapstyle.GREY,
             "fillOpacity": 0.9}), "circle", radius=7,
            cell=_cell("50%", mapstyle.DARK, "#FFFFFF", "#FFFFFF"), fill_field="category",
            fills=MappingProxyType(mapstyle.CATEGORY_COLOURS),
            legend_heading="legend.categories"),
        category=Coded("category", Category, "categories"),
        status=Coded("status", PlaceStatus, "place_statuses"),
        free_text=("description",), sensitive=True,
    ),
    LayerSpec(
        SafetyWalk, draw=1, name_field="name", gpkg_geometry="GEOMETRY",
        popup_fields=("name", "walk_date", "organisers", "participants"),
        style=Style(mapstyle.REDDISH_PURPLE, MappingProxyType(
            {"color": mapstyle.REDDISH_PURPLE, "weight": 4, "opacity": 0.9,
             "fillColor": mapstyle.REDDISH_PURPLE, "fillOpacity": 0.1}), "line"),
        labelled=True,
    ),
    LayerSpec(
        Finding, draw=4, name_field="description", gpkg_geometry="POINT",
        popup_fields=("number", "found_date", "category", "description", "proposed_action",
                      "responsible", "status", "due_date", "completed_date"),
        style=Style(mapstyle.BLACK, MappingProxyType(
            {"color": mapstyle.BLACK, "weight": 2, "fill": True, "fillColor": mapstyle.GREY,
             "fillOpacity": 1.0}), "circle", radius=5,
            cell=_cell("50%", "#FFFFFF", mapstyle.DARK, mapstyle.VERMILLION),
            fill_field="status", fills=MappingProxyType(mapstyle.FINDING_STATUS_COLOURS),
            legend_heading="legend.finding_status"),
        category=Coded("category", Category, "categories"),
        status=Coded("status", FindingStatus, "finding_statuses"),
        free_text=("description", "proposed_action", "status_reason"), sensitive=True,
    ),
    LayerSpec(
        WatchArea, draw=0, name_field="name", gpkg_geometry="MULTIPOLYGON",
        popup_fields=("name", "start_date", "end_date", "households"),
        style=Style(mapstyle.BLUE, MappingProxyType(
            {"color": mapstyle.BLUE, "weight": 2, "fillColor": mapstyle.BLUE,
             "fillOpacity": 0.2}), "square"),
        end_field="end_date", labelled=True,
    ),
    LayerSpec(
        Activity, draw=2, name_field="title", gpkg_geometry="GEOMETRY",
        popup_fields=("title", "kind", "activity_date", "quantity", "unit", "description"),
        style=Style(mapstyle.DARK, MappingProxyType(
            {"color": "#FFFFFF", "weight": 2, "fill": True, "fillColor": mapstyle.DARK,
             "fillOpacity": 0.9}), "circle", radius=5,
            cell=_cell("4px", "#FFFFFF", mapstyle.DARK, mapstyle.DARK)),
        category=Coded("kind", ActivityKind, "kinds"), commitment_field="commitment_id",
    ),
)

#: Every layer's spec by name, in the order the page, the table and ``geo stats`` list them.
SPECS: Mapping[str, LayerSpec] = MappingProxyType({s.layer: s for s in _SPECS})
#: The layers in listing order.
LAYERS: tuple[str, ...] = tuple(SPECS)
#: The same layers in drawing order (areas below lines below points).
DRAW_ORDER: tuple[str, ...] = tuple(s.layer for s in sorted(_SPECS, key=lambda s: s.draw))
#: Layers whose sensitive categories the public sees only generalised.
SENSITIVE_LAYERS: tuple[str, ...] = tuple(s.layer for s in _SPECS if s.sensitive)

#: The municipal boundary: drawn on every map, not a layer of records.
BOUNDARY = "boundary"


def spec(layer: str) -> LayerSpec:
    """The spec of ``layer``; a ``KeyError`` names an unknown layer."""
    return SPECS[layer]


#: A legend entry: (name, colour, swatch shape); a section: (heading, entries).
LegendEntry = tuple[str, str, str]


def legend(lang: str, shown: Iterable[str] = LAYERS) -> list[tuple[str, list[LegendEntry]]]:
    """The legend of the ``shown`` layers, in listing order.

    A layer coloured by its codes has a section of those codes; the others share the
    last section, "other layers" (empty when none is shown). The boundary is
    :func:`boundary_legend`, which the site lists among the other layers and the app
    below them.
    """
    t = i18n.catalog(lang)
    specs = [s for s in SPECS.values() if s.layer in set(shown)]
    sections = []
    for layer in specs:
        look = layer.style
        if look.fill_field:
            group = layer.coded[look.fill_field]
            sections.append((t[look.legend_heading], [(t[f"{group}.{code}"], colour, look.legend)
                                                      for code, colour in look.fills.items()]))
    others = [(t[f"layers.{s.layer}"], s.style.colour, s.style.legend)
              for s in specs if not s.style.fill_field]
    return [*sections, (t["legend.other_layers"], others)]


def boundary_legend(lang: str) -> LegendEntry:
    """The municipal boundary's legend entry."""
    return (i18n.t("layers.boundary", lang), mapstyle.BOUNDARY_COLOUR, "line")


def style(layer: str, category: str | None = None, status: str | None = None
          ) -> dict[str, object]:
    """The Leaflet path style of one feature of ``layer`` or of the municipal boundary.

    A layer without a spec raises ``KeyError``: it is never drawn like the boundary.
    """
    if layer == BOUNDARY:
        return dict(mapstyle.BOUNDARY_STYLE)
    return SPECS[layer].style.leaflet(category, status)
