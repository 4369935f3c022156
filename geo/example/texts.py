"""Vocabularies of the example data: category weights and Swedish phrases.

Pure data, no logic: what the unsafe places, walk findings, measures, watch areas
and activities are called, and how often each category or kind is drawn.
"""

from __future__ import annotations

from geo.domain.enums import ActivityKind, Category, Party, PlaceSource

PLACE_CATEGORIES: dict[Category, float] = {
    Category.LIGHTING: 24, Category.VEGETATION: 18, Category.YOUTH_GATHERING: 18,
    Category.VANDALISM: 16, Category.TRAFFIC: 8, Category.DRUGS: 5, Category.BURGLARY: 5,
    Category.HARASSMENT: 4, Category.OTHER: 2,
}
FINDING_CATEGORIES: dict[Category, float] = {
    Category.LIGHTING: 26, Category.VEGETATION: 22, Category.TRAFFIC: 14,
    Category.VANDALISM: 12, Category.YOUTH_GATHERING: 10, Category.OTHER: 6,
    Category.DRUGS: 4, Category.BURGLARY: 3, Category.HARASSMENT: 3,
}
SOURCES: dict[PlaceSource, float] = {
    PlaceSource.CITIZEN_DIALOGUE: 25, PlaceSource.SURVEY: 20, PlaceSource.SAFETY_WALK: 20,
    PlaceSource.WEB_FORM: 20, PlaceSource.POLICE: 15,
}
SPOTS = (
    "gångtunneln", "busshållplatsen", "skolan", "idrottsplatsen", "torget", "lekplatsen",
    "parkeringen", "cykelbanan", "parken", "återvinningsstationen", "förskolan",
    "fritidsgården", "vårdcentralen", "affären", "kyrkan", "biblioteket", "gångbron",
)
PLACE_PHRASES: dict[Category, tuple[str, ...]] = {
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
FINDING_PHRASES: dict[Category, tuple[tuple[str, str, Party], ...]] = {
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
MEASURES: dict[Category, str] = {
    Category.LIGHTING: "Ny belysning", Category.VEGETATION: "Röjning av buskage",
    Category.YOUTH_GATHERING: "Fältgrupp och polis på plats kvällstid",
    Category.VANDALISM: "Klottersanering och reparation", Category.TRAFFIC: "Farthinder anlagt",
    Category.DRUGS: "Riktad tillsyn", Category.BURGLARY: "Förbättrat inbrottsskydd",
    Category.HARASSMENT: "Kameraövervakning utredd", Category.OTHER: "Städning och upprustning",
}
WALK_PARTS = ("centrum", "skolområdet", "norra delen", "södra delen", "idrottsplatsen",
              "parkstråket", "bostadsområdet")
ORGANISERS = (
    "Kommunen och polisen", "Kommunen, polisen och fastighetsägare",
    "Brottsförebyggande rådet", "Kommunen, polisen och hyresgästföreningen",
    "Polisen, kommunen och skolan", "Kommunen, polisen och föreningslivet",
)
WALK_MONTHS = (3, 4, 5, 9, 10, 11)
STREET_STEMS = (
    "Ek", "Björk", "Lönn", "Rönn", "Al", "Ask", "Hassel", "Lind", "Syren", "Fläder", "Hägg",
    "Kastanj", "Sälg", "Gran", "Tall", "En", "Lärk", "Oxel", "Asp", "Bok", "Alm", "Pil",
    "Klöver", "Vallmo", "Blåklints", "Prästkrage", "Solros", "Viol", "Ros", "Lilje",
    "Tulpan", "Smörblomme", "Ljung", "Vete", "Råg", "Korn", "Havre", "Trast",
    "Fink", "Svan", "Mås", "Tran",
)
STREET_ENDS = ("vägen", "gatan", "stigen", "gränd", "backen")
STREET_PARTS = ("norra", "södra", "östra", "västra")
GENERIC_KINDS: dict[ActivityKind, float] = {
    ActivityKind.INFORMATION_MEETING: 3, ActivityKind.VISIBLE_PRESENCE: 3,
    ActivityKind.PHYSICAL_MEASURE: 3, ActivityKind.WATCH_STARTUP_MEETING: 1,
    ActivityKind.OTHER: 2,
}
GENERIC_TITLES: dict[ActivityKind, tuple[str, ...]] = {
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
OTHER_TITLES: dict[str, str] = {
    "sig": "Möte i sociala insatsgrupper (SIG)",
    "info-exchange": "Informationsutbyte kommun och polis: veckans lägesbild",
    "unsafe-places": "Kartläggning av otrygga platser i {ort}",
    "traffic": "Hastighetskontroll i {ort}",
}
DISPATCH_TOPICS = (
    "tips inför semestern", "märk-DNA", "mörka årstiden och belysning",
    "bedrägerier mot äldre", "cykelstölder", "inbrott i förråd", "nyårsfirande och fyrverkerier",
    "båtmotorstölder", "stölder ur bilar", "grannsamverkan under sommaren", "påskledigheten",
    "julhandeln",
)
MONTH_NAMES = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
               "september", "oktober", "november", "december")
