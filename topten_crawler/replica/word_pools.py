"""The word pools generated posts draw from, whatever their topic: places by region, waters,
people's names, speakers' roles, number words, closing paragraphs, image credits, citation forms,
and how often each category and author comes up.

Pure data; :mod:`topten_crawler.replica.generator` does the drawing.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Place:
    city: str
    country: str
    adj: str


ME = (
    Place("Tehran", "Iran", "Iranian"),
    Place("Isfahan", "Iran", "Iranian"),
    Place("Mashhad", "Iran", "Iranian"),
    Place("Baghdad", "Iraq", "Iraqi"),
    Place("Erbil", "Iraq", "Iraqi"),
    Place("Beirut", "Lebanon", "Lebanese"),
    Place("Sanaa", "Yemen", "Yemeni"),
    Place("Damascus", "Syria", "Syrian"),
    Place("Amman", "Jordan", "Jordanian"),
    Place("Cairo", "Egypt", "Egyptian"),
    Place("Doha", "Qatar", "Qatari"),
    Place("Riyadh", "Saudi Arabia", "Saudi"),
    Place("Muscat", "Oman", "Omani"),
    Place("Ankara", "Türkiye", "Turkish"),
    Place("Haifa", "Israel", "Israeli"),
)
EU = (
    Place("Kyiv", "Ukraine", "Ukrainian"),
    Place("Kharkiv", "Ukraine", "Ukrainian"),
    Place("Odesa", "Ukraine", "Ukrainian"),
    Place("Warsaw", "Poland", "Polish"),
    Place("Vilnius", "Lithuania", "Lithuanian"),
    Place("Riga", "Latvia", "Latvian"),
    Place("Tallinn", "Estonia", "Estonian"),
    Place("Chișinău", "Moldova", "Moldovan"),
    Place("Tbilisi", "Georgia", "Georgian"),
    Place("Belgrade", "Serbia", "Serbian"),
    Place("Budapest", "Hungary", "Hungarian"),
    Place("Bucharest", "Romania", "Romanian"),
    Place("Bratislava", "Slovakia", "Slovak"),
    Place("Helsinki", "Finland", "Finnish"),
    Place("Yerevan", "Armenia", "Armenian"),
)
GLOBAL = (
    Place("Beijing", "China", "Chinese"),
    Place("Shanghai", "China", "Chinese"),
    Place("Caracas", "Venezuela", "Venezuelan"),
    Place("Pyongyang", "North Korea", "North Korean"),
    Place("Taipei", "Taiwan", "Taiwanese"),
    Place("Havana", "Cuba", "Cuban"),
    Place("Minsk", "Belarus", "Belarusian"),
    Place("Kabul", "Afghanistan", "Afghan"),
    Place("Islamabad", "Pakistan", "Pakistani"),
    Place("Bamako", "Mali", "Malian"),
    Place("Managua", "Nicaragua", "Nicaraguan"),
    Place("Yangon", "Myanmar", "Myanmar"),
    Place("Khartoum", "Sudan", "Sudanese"),
    Place("Almaty", "Kazakhstan", "Kazakh"),
)
WEST = (
    Place("Paris", "France", "French"),
    Place("Lyon", "France", "French"),
    Place("Marseille", "France", "French"),
    Place("London", "Britain", "British"),
    Place("Manchester", "Britain", "British"),
    Place("Berlin", "Germany", "German"),
    Place("Munich", "Germany", "German"),
    Place("Vienna", "Austria", "Austrian"),
    Place("Toronto", "Canada", "Canadian"),
    Place("Montreal", "Canada", "Canadian"),
    Place("Melbourne", "Australia", "Australian"),
    Place("Sydney", "Australia", "Australian"),
    Place("Malmö", "Sweden", "Swedish"),
    Place("Antwerp", "Belgium", "Belgian"),
    Place("Zürich", "Switzerland", "Swiss"),
    Place("Buenos Aires", "Argentina", "Argentine"),
)
REGIONS: dict[str, tuple[Place, ...]] = {"me": ME, "eu": EU, "global": GLOBAL, "west": WEST}

WATERS: dict[str, tuple[str, ...]] = {
    "me": ("the Strait of Hormuz", "the Red Sea", "the Gulf of Oman", "the Gulf of Aden"),
    "eu": ("the Black Sea", "the Baltic Sea", "the Sea of Azov"),
    "global": ("the South China Sea", "the Taiwan Strait", "the Gulf of Guinea"),
    "west": ("the English Channel",),
}

FIRST_NAMES: dict[str, tuple[str, ...]] = {
    "me": ("Karim", "Laleh", "Omar", "Reza", "Dana", "Samir", "Yasmin", "Navid", "Hiba", "Tariq"),
    "eu": ("Olena", "Marek", "Ieva", "Andrei", "Nino", "Tomas", "Katarzyna", "Dragan", "Jüri"),
    "global": ("Lin", "Carlos", "María Fernanda", "Ji-hoon", "Joaquín", "Ayesha", "Moussa", "Aung"),
    "west": ("Rachel", "David", "Miriam", "Élise", "Jonas", "Hannah", "Benjamin", "Chloé"),
}
LAST_NAMES: dict[str, tuple[str, ...]] = {
    "me": ("Haddad", "Farahani", "Nasser", "Tavakoli", "Khoury", "Aziz", "Al-Rashid", "Moradi"),
    "eu": ("Kravets", "Zieliński", "Kalniņa", "Popescu", "Beridze", "Žukauskas", "Ilić", "Tamm"),
    "global": ("Wei", "Mendoza", "Ruiz", "Park", "Herrera", "Siddiqui", "Traoré", "Kyaw"),
    "west": ("Benhamou", "Levinson", "Katz", "Weinberg", "Cohen", "Adler", "Roth", "Azoulay"),
}
ROLES = (
    "a spokesperson for the foreign ministry",
    "the deputy interior minister",
    "a senior security official",
    "an opposition lawmaker",
    "a researcher at the Halden Institute",
    "a human rights lawyer",
    "the city’s deputy mayor",
    "a former ambassador",
    "an analyst at the Centre for Eastern Policy Review",
)
WEST_ROLES = (
    "the head of the local Jewish community council",
    "a rabbi at the city’s main synagogue",
    "a police spokesperson",
    "the regional interior minister",
    "a researcher who tracks hate crimes",
    "a student representative",
)
NUMBER_WORDS = ("two", "three", "four", "five", "six", "seven")
ORDINALS = ("second", "third", "fourth", "fifth", "sixth")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

GENERIC_PARAS = (
    "The government did not respond to a request for comment.",
    "Officials said more details would be released in the coming days.",
    "Diplomats in {city} said the episode was likely to complicate relations with neighbouring "
    "countries.",
    "Similar incidents last year drew condemnation from the European Union and the United Nations.",
    "It was not possible to independently verify all of the details.",
)
GENERIC_PARAS_WEST = (
    "Police asked anyone with information to come forward.",
    "Jewish community organisations said they would meet the police chief later in the week.",
    "Officials said more details would be released in the coming days.",
    "It was not possible to independently verify all of the details.",
)
IMAGE_CAPTIONS = (
    "(Getty Images)",
    "Photo: Wikimedia Commons",
    "AP Photo/File",
    "pinterest.com",
    "Screenshot via X",
    "Reuters/Pool",
    "Photo: {name}",
)
HOSTED_OUTLETS = ("The Harbor Ledger", "Meridian Post", "Northgate Courier")
IN_PROSE = ("the Harbor Ledger", "the Meridian Post", "the Northgate Courier")
OTHER_OUTLETS = ("Caspian Observer", "Levant Daily Wire", "Baltic Morning Star")
CITE_FORMS = (
    "according to [{outlet}]({href})",
    "[{outlet} reported]({href})",
    "as [first reported by {outlet}]({href})",
    "in a report by [{outlet}]({href})",
)
CATEGORY_WEIGHTS = (
    ("trending", 30),
    ("first", 15),
    ("middle-east", 25),
    ("europe", 20),
    ("antisemitism", 10),
)
AUTHOR_WEIGHTS = (
    ("Inès Duval", 3),
    ("José Álvarez", 3),
    ("Margaret Okafor", 4),
    ("Daniel Whitcombe", 3),
    ("Søren Lindqvist", 2),
    ("Foreign Desk Staff", 5),
)
