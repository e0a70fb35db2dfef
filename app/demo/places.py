"""Places and names of the demo territory: the réseau Sainte Victoire first, then made-up networks of the académie."""

from __future__ import annotations

import random
from dataclasses import dataclass

ACADEMY = "Aix-Marseille"
FIRST_NETWORK = "Sainte Victoire"
FIRST_POLES = ("Aix", "Pertuis", "Gardanne")
PER_POLE = 40  # beyond the first network: 40 establishments per pole, 5 poles per network
POLES_PER_NETWORK = 5

ECOLE, COLLEGE, LYCEE, LP = "École", "Collège", "Lycée", "Lycée professionnel"
STAFF = {ECOLE: (6, 18), COLLEGE: (35, 75), LYCEE: (70, 140), LP: (40, 85)}

# (kind, name, commune, postal code): the first ten of each pole of the réseau Sainte Victoire, a mix of every kind.
SAINTE_VICTOIRE = {
    "Aix": [
        (COLLEGE, "Collège Sophie Germain", "Aix-en-Provence", "13090"),
        (ECOLE, "École élémentaire Jules Ferry", "Venelles", "13770"),
        (LYCEE, "Lycée Paul Cézanne", "Aix-en-Provence", "13100"),
        (ECOLE, "École primaire Les Platanes", "Éguilles", "13510"),
        (COLLEGE, "Collège Maurice Genevoix", "Venelles", "13770"),
        (LP, "Lycée professionnel Gustave Eiffel", "Aix-en-Provence", "13290"),
        (ECOLE, "École maternelle Les Cigales", "Aix-en-Provence", "13090"),
        (ECOLE, "École élémentaire Frédéric Mistral", "Lambesc", "13410"),
        (COLLEGE, "Collège du Pays d'Aix", "Lambesc", "13410"),
        (ECOLE, "École primaire du Tholonet", "Le Tholonet", "13100"),
    ],
    "Pertuis": [
        (COLLEGE, "Collège Marie Mauron", "Pertuis", "84120"),
        (ECOLE, "École élémentaire Jean Moulin", "Cadenet", "84160"),
        (LYCEE, "Lycée Val de Durance", "Pertuis", "84120"),
        (ECOLE, "École primaire Le Revestel", "La Tour-d'Aigues", "84240"),
        (COLLEGE, "Collège Le Luberon", "Cadenet", "84160"),
        (LP, "Lycée professionnel Pierre Mendès France", "Pertuis", "84120"),
        (ECOLE, "École maternelle Les Tilleuls", "Pertuis", "84120"),
        (ECOLE, "École primaire Lucie Aubrac", "Lauris", "84360"),
        (COLLEGE, "Collège Albert Camus", "La Tour-d'Aigues", "84240"),
        (ECOLE, "École primaire Paul Arène", "Villelaure", "84530"),
    ],
    "Gardanne": [
        (COLLEGE, "Collège Gabriel Péri", "Gardanne", "13120"),
        (ECOLE, "École élémentaire Jacques Prévert", "Meyreuil", "13590"),
        (LYCEE, "Lycée Fourcade", "Gardanne", "13120"),
        (ECOLE, "École primaire La Sainte-Victoire", "Fuveau", "13710"),
        (COLLEGE, "Collège du Pays de Trets", "Trets", "13530"),
        (LP, "Lycée professionnel de l'Étoile", "Gardanne", "13120"),
        (ECOLE, "École maternelle Les Oliviers", "Trets", "13530"),
        (ECOLE, "École élémentaire Marcel Pagnol", "Rousset", "13790"),
        (COLLEGE, "Collège Font d'Aurumy", "Fuveau", "13710"),
        (ECOLE, "École primaire Simone Veil", "Peynier", "13790"),
    ],
}
SAINTE_VICTOIRE_COMMUNES = {
    pole: sorted({(commune, postal) for _, _, commune, postal in rows}) for pole, rows in SAINTE_VICTOIRE.items()
}

NETWORK_NAMES = (
    "Calanques",
    "Étang de Berre",
    "Durance-Luberon",
    "Ventoux",
    "Alpilles",
    "Camargue",
    "Huveaune",
    "Garlaban",
    "Haute-Provence",
    "Hautes-Alpes",
    "Comtat",
    "Côte Bleue",
    "Crau",
    "Sainte-Baume",
)
# (commune, postal code): five consecutive communes give the poles of one made-up network.
COMMUNES = (
    ("Marseille", "13013"),
    ("Aubagne", "13400"),
    ("La Ciotat", "13600"),
    ("Cassis", "13260"),
    ("Gémenos", "13420"),
    ("Martigues", "13500"),
    ("Istres", "13800"),
    ("Vitrolles", "13127"),
    ("Marignane", "13700"),
    ("Berre-l'Étang", "13130"),
    ("Cavaillon", "84300"),
    ("Apt", "84400"),
    ("L'Isle-sur-la-Sorgue", "84800"),
    ("Manosque", "04100"),
    ("Oraison", "04700"),
    ("Carpentras", "84200"),
    ("Orange", "84100"),
    ("Bollène", "84500"),
    ("Vaison-la-Romaine", "84110"),
    ("Valréas", "84600"),
    ("Saint-Rémy-de-Provence", "13210"),
    ("Châteaurenard", "13160"),
    ("Tarascon", "13150"),
    ("Salon-de-Provence", "13300"),
    ("Pélissanne", "13330"),
    ("Arles", "13200"),
    ("Saintes-Maries-de-la-Mer", "13460"),
    ("Fos-sur-Mer", "13270"),
    ("Port-de-Bouc", "13110"),
    ("Miramas", "13140"),
    ("Allauch", "13190"),
    ("Plan-de-Cuques", "13380"),
    ("Septèmes-les-Vallons", "13240"),
    ("Les Pennes-Mirabeau", "13170"),
    ("Rognac", "13340"),
    ("Roquevaire", "13360"),
    ("Auriol", "13390"),
    ("La Destrousse", "13112"),
    ("Peypin", "13124"),
    ("Cuges-les-Pins", "13780"),
    ("Digne-les-Bains", "04000"),
    ("Sisteron", "04200"),
    ("Forcalquier", "04300"),
    ("Château-Arnoux-Saint-Auban", "04160"),
    ("Barcelonnette", "04400"),
    ("Gap", "05000"),
    ("Briançon", "05100"),
    ("Embrun", "05200"),
    ("Laragne-Montéglin", "05300"),
    ("Veynes", "05400"),
    ("Avignon", "84000"),
    ("Sorgues", "84700"),
    ("Le Pontet", "84130"),
    ("Monteux", "84170"),
    ("Pernes-les-Fontaines", "84210"),
)
EPONYMS = (
    "Jean Moulin",
    "Marie Curie",
    "Louis Pasteur",
    "Simone Veil",
    "Albert Camus",
    "Frédéric Mistral",
    "Marcel Pagnol",
    "Jean Giono",
    "Alphonse Daudet",
    "Émile Zola",
    "Victor Hugo",
    "Jules Verne",
    "Lucie Aubrac",
    "Germaine Tillion",
    "Paul Éluard",
    "Jacques Prévert",
    "Jean Jaurès",
    "Louise Michel",
    "Olympe de Gouges",
    "Antoine de Saint-Exupéry",
    "Edmond Rostand",
    "Paul Cézanne",
    "Henri Bosco",
    "Joseph Roumanille",
    "Pierre Puget",
    "Gisèle Halimi",
    "Rosa Parks",
    "Nelson Mandela",
    "Camille Claudel",
    "Jean Zay",
)
PLACES = (
    "Les Oliviers",
    "Les Cigales",
    "Les Lavandes",
    "Les Pins",
    "La Durance",
    "Le Ventoux",
    "Les Amandiers",
    "Les Restanques",
    "Le Moulin",
    "La Garrigue",
    "Les Calanques",
    "Le Mistral",
    "Les Micocouliers",
    "Le Château",
)
KIND_WEIGHTS = ((ECOLE, 45), (COLLEGE, 30), (LYCEE, 15), (LP, 10))


@dataclass
class PlannedEstablishment:
    network: int  # index of the network, 0 = Sainte Victoire
    pole: str
    kind: str
    name: str
    commune: str
    postal_code: str
    staff: int

    @property
    def departement(self) -> str:
        return "0" + self.postal_code[:2]  # 13090 → 013, 04100 → 004: the three digits of the UAI


def network_layout(count: int) -> list[tuple[str, list[tuple[str, list[tuple[str, str]]]]]]:
    """Return (network name, [(pole name, its communes)]) for `count` establishments."""
    layout = [(FIRST_NETWORK, [(pole, SAINTE_VICTOIRE_COMMUNES[pole]) for pole in FIRST_POLES])]
    remaining = count - PER_POLE * len(FIRST_POLES)
    index = 0
    while remaining > 0:
        base = NETWORK_NAMES[index % len(NETWORK_NAMES)]
        name = base if index < len(NETWORK_NAMES) else f"{base} {index // len(NETWORK_NAMES) + 1}"
        poles = []
        for j in range(min(POLES_PER_NETWORK, -(-remaining // PER_POLE))):  # no empty pole in the last network
            k = (index * POLES_PER_NETWORK + j) % len(COMMUNES)
            neighbour = COMMUNES[(k + 1) % len(COMMUNES)]
            poles.append((COMMUNES[k][0], [COMMUNES[k], neighbour]))
        layout.append((name, poles))
        remaining -= PER_POLE * POLES_PER_NETWORK
        index += 1
    return layout


def plan_establishments(count: int, rng: random.Random) -> list[PlannedEstablishment]:
    """Spread `count` establishments: round-robin over the three poles of Sainte Victoire, then 40 per pole."""
    layout = network_layout(count)
    planned: list[PlannedEstablishment] = []
    first_count = min(count, PER_POLE * len(FIRST_POLES))
    for i in range(first_count):
        pole = FIRST_POLES[i % len(FIRST_POLES)]
        rank = i // len(FIRST_POLES)
        if rank < len(SAINTE_VICTOIRE[pole]):
            kind, name, commune, postal = SAINTE_VICTOIRE[pole][rank]
            planned.append(_planned(0, pole, kind, name, commune, postal, rng))
        else:
            planned.append(_invented(0, pole, SAINTE_VICTOIRE_COMMUNES[pole], rng))
    remaining = count - first_count
    for n, (_, poles) in enumerate(layout[1:], start=1):
        for pole, communes in poles:
            for _ in range(min(PER_POLE, remaining)):
                planned.append(_invented(n, pole, communes, rng))
                remaining -= 1
    return planned


def _planned(
    network: int, pole: str, kind: str, name: str, commune: str, postal: str, rng: random.Random
) -> PlannedEstablishment:
    return PlannedEstablishment(network, pole, kind, name, commune, postal, rng.randint(*STAFF[kind]))


def _invented(network: int, pole: str, communes: list[tuple[str, str]], rng: random.Random) -> PlannedEstablishment:
    kind = rng.choices([k for k, _ in KIND_WEIGHTS], weights=[w for _, w in KIND_WEIGHTS])[0]
    commune, postal = communes[0] if rng.random() < 0.6 else rng.choice(communes)
    if kind == ECOLE:
        prefix = rng.choice(("École élémentaire", "École primaire", "École maternelle"))
        name = f"{prefix} {rng.choice(EPONYMS + PLACES)}"
    else:
        name = f"{kind} {rng.choice(EPONYMS)}"
    return _planned(network, pole, kind, name, commune, postal, rng)
