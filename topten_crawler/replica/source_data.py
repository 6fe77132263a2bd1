# ruff: noqa: E501
# (Article prose and sentence pools: one paragraph per string, so no line wrapping.)
"""The hand-written data of the cited documents: the cited paths that exercise an HTTP case and
where a redirect leads, the headlines and bylines of the hand posts' sources, the documents
written in full, the PDF's sentence and date, and the paragraph pools composed articles draw on.

Pure data; :mod:`topten_crawler.replica.articles` builds the documents from it.
"""

from __future__ import annotations

from datetime import UTC, datetime

from topten_crawler.replica.source_cases import Special

# Cited URLs of the hand posts that exercise an HTTP case; the robots, PDF, image, slow and
# refused cases follow from the outlet (see outlets.PROFILES) and the path.
SPECIAL_PATHS: dict[tuple[int, str], Special] = {
    (0, "/2024/01/13/venezuela-colombia-border-bridge-reopens/"): "redirect",
    (1, "/us/education/campus-antisemitism-report-20240123.html"): "not_found",
    (2, "/news/africa/congo-cobalt-child-labour-audit-c33f18"): "server_error_recovers",
}
# Where a redirecting cited URL leads (the article's canonical path).
CANONICAL_PATHS: dict[tuple[int, str], str] = {
    (0, "/2024/01/13/venezuela-colombia-border-bridge-reopens/"): (
        "/2024/01/13/venezuela-reopens-simon-bolivar-bridge-to-cargo/"
    ),
}

# Headlines of the articles the hand posts cite (generated posts' sources take the post's title).
HEADLINES: dict[tuple[int, str], str] = {
    (
        0,
        "/2024/02/11/drone-strike-tanker-red-sea/",
    ): "Drone Strike Sets Tanker Ablaze in the Southern Red Sea",
    (
        0,
        "/2024/01/18/kyiv-volunteer-drone-workshop/",
    ): "The Kyiv Volunteers Who Turned a Furniture Factory Into a Drone Line",
    (
        0,
        "/2024/01/13/venezuela-colombia-border-bridge-reopens/",
    ): "Venezuela Reopens Simón Bolívar Bridge to Cargo After Five Months",
    (
        0,
        "/2024/01/10/iran-hijab-bill-parliament/",
    ): "Iran’s Parliament Passes Hijab Bill With Fines of a Year’s Wages",
    (
        0,
        "/2024/01/08/beirut-port-inquiry-resumes/",
    ): "Beirut Port Inquiry Resumes as Families Rally Outside the Court",
    (
        0,
        "/2024/01/05/tbilisi-foreign-agents-bill-protest/",
    ): "Tbilisi Marchers Fill Rustaveli Avenue Against ‘Foreign Agents’ Bill",
    (
        1,
        "/world/middle-east/iran-oil-exports-five-year-high-20240209.html",
    ): "Iran’s Oil Exports Reach Highest Level Since 2019, Tanker Data Show",
    (
        1,
        "/world/europe/valencia-flood-alert-guide-20240131.html",
    ): "Valencia Floods: How the City’s Text Alerts and Evacuation Routes Work",
    (
        1,
        "/us/education/campus-antisemitism-report-20240123.html",
    ): "Campuses Named in Antisemitism Report Open Disciplinary Cases",
    (
        1,
        "/world/middle-east/gulf-of-aden-missiles-intercepted-20240126.html",
    ): "Destroyer Intercepts Two Anti-Ship Missiles Over the Gulf of Aden",
    (
        1,
        "/world/europe/paris-synagogue-graffiti-arrests-20240107.html",
    ): "Two Men Arrested Over Graffiti on Paris Synagogue",
    (
        1,
        "/world/middle-east/houthi-missiles-two-cargo-ships-20240103.html",
    ): "Houthi Missiles Strike Two Merchant Ships Off Yemen",
    (
        1,
        "/world/europe/turkey-black-sea-shipping-talks-20231220.html",
    ): "Türkiye Proposes Black Sea Shipping Talks as Mines Drift South",
    (
        2,
        "/news/markets/war-risk-premiums-red-sea-b41c09",
    ): "London Underwriters Raise Red Sea War-Risk Premiums Again",
    (
        2,
        "/news/europe/corvane-shipping-sanctions-probe-c8e210",
    ): "Customs Officers Board Corvane Tankers in Sanctions Inquiry",
    (
        2,
        "/news/europe/kyiv-volunteer-drone-workshop-d7a201",
    ): "Cheap and Fast: The Economics of Kyiv’s Volunteer Drones",
    (
        2,
        "/news/middle-east/iran-executions-january-d19a44",
    ): "Iran Executions Reach Eight-Year High, Rights Group Says",
    (
        2,
        "/news/europe/finland-cable-anchor-investigation-e2b781",
    ): "Finnish Investigators Blame Dragged Anchor for October Pipeline Damage",
    (
        2,
        "/news/europe/gulf-of-finland-data-cable-damage-f0c3aa",
    ): "Police Open Inquiry Into Damaged Helsinki–Tallinn Data Cable",
    (
        2,
        "/news/europe/moldova-expels-russian-diplomat-a90d55",
    ): "Moldova Gives Russian Diplomat 72 Hours to Leave",
    (
        2,
        "/news/world/kola-airbase-satellite-images-b7e312",
    ): "Satellite Images Reveal New Hangars at Kola Peninsula Airbase",
    (
        2,
        "/news/africa/congo-cobalt-child-labour-audit-c33f18",
    ): "Children Found Working at Cobalt Mines That Supply Battery Makers",
    (
        3,
        "/city/2024/01/21/north-york-kosher-bakery-vandalised/",
    ): "Kosher Bakery’s Window Smashed for the Second Time in a Month",
    (
        4,
        "/fr/liban/2024/01/08/enquete-port-beyrouth-reprise_6021.html",
    ): "Port de Beyrouth : l’enquête sur l’explosion reprend après plus d’un an de blocage",
    (
        5,
        "/wire/2024/01/24/houthi-spokesman-vows-more-attacks--q7f2c1",
    ): "Houthi Spokesman Vows More Attacks on Merchant Shipping",
    (
        6,
        "/private/briefings/kola-airbase-expansion/",
    ): "Kola Airbase Expansion: An Imagery Briefing",
    (6, "/reports/campus-antisemitism-autumn-2023.pdf"): "Campus Antisemitism Report: Autumn 2023",
    (
        6,
        "/research/2024/02/campus-climate-what-students-told-us/",
    ): "What Students Told Us About the Campus Climate",
    (6, "/media/kola-airbase-2024-01.jpg"): "Kola airbase, January 2024",
    (7, "/2024/01/20/turkey-black-sea-talks-offer"): "Türkiye Offers to Broker Black Sea Talks",
}
# Bylines of single documents (the others draw from the outlet's staff list).
AUTHORS: dict[tuple[int, str], str] = {
    (3, "/city/2024/01/21/north-york-kosher-bakery-vandalised/"): "Jane Roe",
    (4, "/fr/liban/2024/01/08/enquete-port-beyrouth-reprise_6021.html"): "Camille Haddad",
    (6, "/reports/campus-antisemitism-autumn-2023.pdf"): "Miriam Achterberg",
    (6, "/research/2024/02/campus-climate-what-students-told-us/"): "Miriam Achterberg",
}
# Documents written in full by hand (the French article, the institute's briefing).
FULL_TEXTS: dict[tuple[int, str], tuple[str, ...]] = {
    (4, "/fr/liban/2024/01/08/enquete-port-beyrouth-reprise_6021.html"): (
        "Le juge chargé de l’enquête sur l’explosion du 4 août 2020 au port de Beyrouth a repris ses travaux lundi, après une suspension de plus d’un an provoquée par une série de recours déposés par des responsables politiques qu’il souhaitait interroger.",
        "Dès le matin, plusieurs centaines de proches des victimes se sont rassemblés devant le palais de justice, portant les portraits des disparus. « Nous ne demandons pas vengeance, seulement des noms », a déclaré Rima Khalil, dont le frère, pompier, a péri dans l’explosion.",
        "De brefs heurts ont opposé des manifestants aux forces de l’ordre en fin de matinée, sans faire de blessés graves selon la Croix-Rouge libanaise.",
        "L’explosion, causée par des centaines de tonnes de nitrate d’ammonium entreposées pendant des années dans un hangar du port, a fait plus de deux cents morts et dévasté des quartiers entiers de la capitale.",
        "À ce jour, aucun haut responsable n’a été condamné. Les avocats des familles espèrent que le juge pourra rendre ses premières mises en accusation avant l’été, mais beaucoup doutent que la classe politique le laisse aller jusqu’au bout.",
    ),
    (6, "/research/2024/02/campus-climate-what-students-told-us/"): (
        "Between September and December we recorded 412 antisemitic incidents at 120 universities in the United States and Canada, three times as many as in the same months of 2022. The full dataset is published with our report; this note sets out what the numbers alone cannot show.",
        "We interviewed 86 Jewish students at 14 of those campuses. Most described a change in daily habits rather than a single frightening event: routes to lectures chosen to avoid certain buildings, study groups moved online, necklaces tucked under collars.",
        "Several students said they had stopped wearing anything that identified them as Jewish. Others said they no longer spoke up in seminars on the Middle East, for fear of being singled out by classmates or, in a few cases, by teaching staff.",
        "Universities have responded unevenly. About a quarter of the incidents took place at just ten institutions, and only four of those had published a written response by the end of the semester. Where administrators acted quickly and in public, students reported feeling safer within weeks.",
        "Our recommendations are modest: record incidents consistently, tell students what happened after they report, and apply the rules on protest and harassment in the same way to everyone.",
    ),
    (6, "/private/briefings/kola-airbase-expansion/"): (
        "This briefing summarises what commercial imagery taken between April and January shows at the airbase on the Kola Peninsula, about 100 kilometres from the Norwegian border.",
        "The main runway has been extended by roughly 600 metres, enough to allow heavy bombers to take off with a full fuel load in winter conditions. Four hardened shelters have been built on the northern apron, and a fuel depot now connects to the rail line that serves the base.",
        "Taken together, the changes suggest that the base is being prepared to host long-range aviation on a rotating basis rather than as a permanent station. We assess with moderate confidence that the work will be finished before the end of the year.",
        "The images were reviewed by three analysts independently. Where their readings differed, this briefing gives the more cautious interpretation.",
        "Two questions remain open: whether the new shelters are sized for the largest bombers in the fleet, and whether the fuel depot is meant to support aircraft that stay for weeks rather than days. Imagery due in the spring should help answer both.",
    ),
}
PDF_SENTENCE = "Campus antisemitic incidents tripled in the autumn 2023 semester, with 412 incidents recorded at 120 universities."
PDF_CREATED = datetime(2024, 2, 6, 9, 0, tzinfo=UTC)

# Paragraphs any English-language outlet may add after the facts taken from the citing post.
POOL_EN: tuple[str, ...] = (
    "Officials did not respond to several requests for comment on {day}. A spokesperson said a fuller statement would be issued once the facts had been established.",
    "The account could not be independently verified. Several of the people involved spoke on condition of anonymity because they were not authorised to discuss the matter publicly.",
    "Diplomats said the episode would be raised at a meeting of foreign ministers later this month, although few expected it to produce anything beyond a joint statement.",
    "Analysts cautioned against reading too much into a single event. “It fits a pattern we have seen for two years now,” one said, “but patterns can break.”",
    "The latest figures are preliminary and may be revised as more information comes in, the authorities said in a written reply to questions.",
    "Opposition politicians seized on the news, accusing the government of having ignored warnings that were raised in parliament as long ago as last spring.",
    "People living nearby described a day of confusion. Some said they had learned what was happening only from messages forwarded by relatives abroad.",
    "Insurers, shipping agents and traders were watching the situation closely, and several said they had already adjusted their plans for the coming weeks.",
    "A similar case last year took months to resolve, and lawyers familiar with it said there was little reason to think this one would move faster.",
    "International organisations urged restraint and called for an investigation that would be transparent and open to outside observers.",
    "The ministry said it had set up a working group to review the case and would publish its findings before the end of the quarter.",
    "Local reporters who reached the area on {day} found roads partly blocked and shops closed, with police checking the papers of anyone trying to pass.",
    "Previous attempts to settle the issue foundered on questions of money and sequencing, according to two people who took part in the talks.",
    "For now, the practical consequences remain uncertain. Much will depend on decisions expected in the next few weeks, officials said.",
    "Independent experts who reviewed the available evidence said it was consistent with the official account but left important questions unanswered.",
    "The story drew wide attention online, where videos said to show the events were viewed hundreds of thousands of times within hours.",
    "Budget documents show that spending in this area has risen every year since 2019, though critics say the money has rarely reached the people it was meant for.",
    "Neighbouring governments have so far kept their distance, saying only that they are in contact with all sides.",
)
# Every Northgate Courier article has one of these: curly double quotes and an "é", which the
# windows-1252 page carries as the bytes 0x93, 0x94 and 0xE9.
POOL_CP1252: tuple[str, ...] = (
    "“We are following this closely,” said a spokesman, reading from a communiqué issued in the early afternoon.",
    "“Nobody here was surprised,” said the owner of a café near the ministry, who asked that her name not be used.",
    "“This is not déjà vu, it is a trend,” said a researcher whose career began at the finance ministry.",
    "“We will know more by the weekend,” said a consular official, describing the mood among the expatriate community as one of cautious détente.",
)
