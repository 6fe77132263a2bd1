# ruff: noqa: E501
# (The post bodies are prose in line markup: one paragraph per line, so no line wrapping.)
"""The hand-written posts of the replica: fictional digest items, each exercising a feature.

Bodies use the line markup of :func:`topten_crawler.replica.body_markup.parse_body`. Outlets in links
are ``srcN`` with N an index of :data:`topten_crawler.replica.content.OUTLETS` (``src0`` The Harbor
Ledger, ``src1`` Meridian Post, ``src2`` Northgate Courier, ...); the source cases of
:mod:`topten_crawler.replica.outlets` (PDF, robots, slow host ...) hang on these links. Positions on the
timeline are given by :func:`topten_crawler.replica.builder.build_content` (hand post *i* is the
*3i*-th newest post), so a hidden post early in this list is also in the feed's newest ten.
"""

from __future__ import annotations

from dataclasses import dataclass

CATEGORIES: tuple[tuple[str, str, int], ...] = (
    ("trending", "Trending", 3),
    ("first", "First", 5),
    ("middle-east", "Middle East", 7),
    ("europe", "Europe", 9),
    ("antisemitism", "Antisemitism", 12),
)

AUTHORS: tuple[tuple[str, int, str], ...] = (
    ("Inès Duval", 4, "Inès Duval covers Europe and North Africa from Paris."),
    ("José Álvarez", 6, "José Álvarez writes about energy, sanctions and Latin America."),
    ("Margaret Okafor", 7, "Margaret Okafor edits the morning briefing."),
    ("Daniel Whitcombe", 9, "Daniel Whitcombe reports on defence and security."),
    ("Søren Lindqvist", 11, "Søren Lindqvist covers the Nordic and Baltic states."),
    ("Foreign Desk Staff", 2, "Reporting by the staff of The Foreign Desk."),
)


@dataclass(frozen=True)
class PostSpec:
    key: str
    title: str
    subtitle: str | None
    author: str
    categories: tuple[str, ...]
    tags: tuple[str, ...]
    body: str
    # (file stem, caption); caption None: an image without a caption; image None: no image.
    image: tuple[str, str | None] | None
    has_jsonld: bool = True
    has_meta: bool = True
    hidden: bool = False
    comments: int = 0


HAND_POSTS: tuple[PostSpec, ...] = (
    PostSpec(
        key="tanker-red-sea",
        title="Drone Strike Sets Fire to Tanker in Red Sea as Insurers Raise Rates",
        subtitle="The crew of the Marshall Islands-flagged vessel put out the blaze after six hours.",
        author="Inès Duval",
        categories=("first", "middle-east"),
        tags=("Red Sea", "Shipping", "Yemen"),
        image=("tanker-red-sea-fire", "Royal Navy"),
        comments=2,
        body="""
FROM: From: The Harbor Ledger
P: A drone launched from rebel-held territory in Yemen struck a fuel tanker in the southern Red Sea late on Sunday, setting a fire on its deck that the crew fought for six hours before bringing it under control, [the Harbor Ledger reported](src0:/2024/02/11/drone-strike-tanker-red-sea/).
P: The vessel, the *Cape Alder*, was carrying jet fuel from the Gulf to the Mediterranean. None of its 23 crew members was hurt, according to the ship’s Greek manager, which said the tanker would continue to Djibouti for inspection.
P: It was the fourth attack on commercial shipping in the area in ten days. Two of the largest underwriters in London raised their war-risk premiums for the route on Monday — the second increase this month — [according to the Northgate Courier](src2:/news/markets/war-risk-premiums-red-sea-b41c09).
Q: “Every owner now asks the same question: is the Suez route worth it this week?” said Henrik Aalund, a broker in Copenhagen. || “For most of them, the answer is no.”
P: Freight data show that traffic through the Bab el-Mandeb strait has fallen by almost half since December, with many carriers sending their ships around the Cape of Good Hope instead, a detour that adds about ten days to a voyage between Asia and Europe.
RM: src0:/2024/02/11/drone-strike-tanker-red-sea/
RS: houthi-ships
""",
    ),
    PostSpec(
        key="shadow-fleet",
        title="Sanctions & Shadow Fleets: Tehran’s Oil Exports Hit a Five-Year High",
        subtitle="Most of the crude went to small refineries in eastern China.",
        author="José Álvarez",
        categories=("middle-east",),
        tags=("Iran", "Sanctions", "Oil"),
        image=("tanker-kharg-island", "(Getty Images)"),
        hidden=True,
        body="""
FROM: From: Meridian Post
P: Iran shipped more crude oil in January than in any month since 2019, despite American sanctions meant to choke off the trade, [the Meridian Post reported](src1:/world/middle-east/iran-oil-exports-five-year-high-20240209.html), citing tanker-tracking data.
P: Most of the oil went to independent refineries in China’s Shandong province, often after being transferred between ships off the coast of Malaysia to disguise its origin. Analysts call the ageing tankers that carry it a “shadow fleet.”
P: The Treasury Department added six vessels and two Hong Kong-based shipping companies to its sanctions list last week. Officials in Washington say enforcement has become harder as the fleet has grown to more than 300 ships.
RM: src1:/world/middle-east/iran-oil-exports-five-year-high-20240209.html
""",
    ),
    PostSpec(
        key="corvane-shares",
        title="Investors Flee Baltic Shipping Firm After Sanctions Probe Is Revealed",
        subtitle="Total shares traded on Monday were ten times the daily average.",
        author="Søren Lindqvist",
        categories=("europe",),
        tags=("Sanctions", "Baltic", "Shipping", "Russia"),
        image=("corvane-terminal-riga", "Photo: Corvane Shipping"),
        body="""
P: Shares of Corvane Shipping, a Riga-based operator of oil and chemical tankers, fell 38 percent on Monday after Latvian prosecutors confirmed that the company was under investigation for helping Russian exporters evade the Western price cap on crude.
P: Total shares traded in Riga reached 4.1 million by the close, more than ten times the daily average, and the exchange briefly halted trading twice.
H2: Related inquiries in three countries
P: Related investigations are under way in Estonia and Finland, where customs officers boarded two Corvane tankers in January, [the Northgate Courier reported](src2:/news/europe/corvane-shipping-sanctions-probe-c8e210).
P: The company said in a statement that it “complies fully with all applicable sanctions” and urged shareholders to subscribe to its investor bulletin for updates instead of “relying on rumours.”
H3: What prosecutors say
UL: Eleven voyages in 2023 that allegedly carried Russian crude above the $60 cap | Falsified insurance certificates filed with port authorities in Gdańsk and Klaipėda | Payments routed through a trading house in Dubai
P: “Sign up and stay informed,” the statement concluded, a line that drew ridicule from analysts at Baltic Equity Research, who cut their target price for the stock by half.
""",
    ),
    PostSpec(
        key="valencia-alerts",
        title="Flood-Hit Valencia Urges Residents to Subscribe to Emergency Text Alerts",
        subtitle="More than 40,000 people signed up in the first day, the city said.",
        author="José Álvarez",
        categories=("trending", "europe"),
        tags=("Spain", "Floods"),
        image=("valencia-flood-barrier", "Photo: Ajuntament de València"),
        body="""
P: The city of Valencia urged residents on Wednesday to subscribe to a new emergency alert service after a second night of flash floods left low-lying neighbourhoods without power and closed three metro lines.
P: “Sign up today — it takes one minute, and it could save your life,” said Lucía Fernández, the councillor in charge of civil protection, at a news conference held in front of a flooded underpass.
P: The service sends text messages in Spanish, Valencian and English to phones in affected districts. Residents can read more about the evacuation routes in a [guide published by the Meridian Post](src1:/world/europe/valencia-flood-alert-guide-20240131.html).
P: Related measures include sandbag stations in six districts and free parking in hillside garages for owners who move their cars before the next storm.
OL: Text ALERTA to the city’s short number to subscribe | Choose a district and a language | Confirm with the code that arrives by reply
P: Forecasters expect another band of heavy rain to reach the coast on Friday.
CTA:
""",
    ),
    PostSpec(
        key="kyiv-drone-workshop",
        title="Inside a Kyiv Workshop Where Volunteers Build Drones by the Hundred",
        subtitle="A former furniture factory now turns out 400 reconnaissance drones a month.",
        author="Daniel Whitcombe",
        categories=("europe",),
        tags=("Ukraine", "Drones", "Russia"),
        image=("kyiv-drone-workshop", "Photo: Olha Marchenko"),
        comments=1,
        body="""
P: In a former furniture factory on the left bank of the Dnipro, about sixty volunteers assemble reconnaissance drones from parts that arrive by post from Poland, Lithuania and Taiwan.
P: “We started with three people and a soldering iron,” said Oleksandr Hrytsenko, a software engineer who runs the workshop. “Now the army sends us a list every Monday.”
FIG: /wp-content/uploads/2024/01/drone-assembly-line.jpg | Volunteers assembling drones | Volunteers test flight controllers before the drones are packed for the front. (Photo: Olha Marchenko)
P: The workshop produces about 400 drones a month. Each one costs roughly $700 to build, a fraction of the price of comparable military models, [according to the Northgate Courier](src2:/news/europe/kyiv-volunteer-drone-workshop-d7a201).
OL: Frames are cut from carbon sheets on a borrowed milling machine | Motors and cameras are fitted and tested on a bench | Each drone flies for ten minutes in the courtyard before it is signed off
P: Ukraine’s defence ministry says more than 200 such workshops are now registered, and it plans to buy a million drones this year.
RM: src0:/2024/01/18/kyiv-volunteer-drone-workshop/
""",
    ),
    PostSpec(
        key="campus-report",
        title="Report Finds Campus Antisemitic Incidents Tripled in a Single Semester",
        subtitle="The survey covered 120 universities in the U.S. and Canada.",
        author="Margaret Okafor",
        categories=("antisemitism",),
        tags=("Campus", "Antisemitism Report"),
        image=("campus-quad-protest", "(Getty Images)"),
        comments=2,
        body="""
FROM: **From:** Meridian Post
P: Antisemitic incidents at American and Canadian universities tripled in the autumn semester compared with the same period a year earlier, according to [a report released on Tuesday by the Halden Institute](src6:/reports/campus-antisemitism-autumn-2023.pdf), a research group that tracks hate crimes.
P: The report counted 412 incidents at 120 campuses between September and December, including vandalism, threats posted online and assaults. About a quarter took place at just ten universities.
UL: 188 cases of graffiti or vandalism | 139 threats or harassment online | 61 disruptions of events | 24 physical assaults
Q: “Students told us they had stopped wearing anything that identifies them as Jewish,” said [Dr. Miriam Achterberg, the report’s lead author](src6:/research/2024/02/campus-climate-what-students-told-us/). || “That is not a climate in which anyone can learn.”
P: University associations said they were reviewing the findings. [The Meridian Post](src1:/us/education/campus-antisemitism-report-20240123.html) noted that several of the campuses named had already opened disciplinary proceedings.
RS: paris-synagogue
RS@: toronto-bakery
""",
    ),
    PostSpec(
        key="executions-report",
        title="Rights Group Says Iran Executed 81 Prisoners in a Single Month",
        subtitle="Most were convicted of drug offences after trials that lasted minutes.",
        author="Inès Duval",
        categories=("middle-east",),
        tags=("Iran", "Human Rights", "Executions"),
        image=("evin-prison-gate", "Photo: Wikimedia Commons"),
        has_jsonld=False,
        body="""
P: Iranian authorities executed at least 81 prisoners in January, the highest monthly total in eight years, an Oslo-based human rights group said on Thursday.
P: Most of those hanged had been convicted of drug-related offences, the group said, and at least three were members of the Baluch minority. Families of several prisoners told researchers they learned of the executions only after they had taken place.
P: “The pace has accelerated since the protests of 2022,” the group’s director said [in a statement quoted by the Northgate Courier](src2:/news/middle-east/iran-executions-january-d19a44). “The death penalty is being used to spread fear.”
P: Iran’s judiciary did not respond to requests for comment. It has previously said that executions are carried out only after a full legal process.
""",
    ),
    PostSpec(
        key="venezuela-bridge",
        title="Venezuela Reopens Border Crossing With Colombia After Five-Month Closure",
        subtitle=None,
        author="Foreign Desk Staff",
        categories=("trending",),
        tags=("Venezuela", "Colombia"),
        image=("cucuta-bridge-reopens", "AP Photo/File"),
        has_meta=False,
        comments=1,
        body="""
P: Venezuela reopened the Simón Bolívar International Bridge to cargo traffic on Saturday, ending a five-month closure that had stranded hundreds of lorries on both sides of the border near Cúcuta.
P: Customs officers on the Colombian side said about 240 vehicles crossed in the first six hours. Traders complained that new inspection rules added hours to each crossing.
P: The closure had followed a dispute over migration controls, [the Harbor Ledger reported](src0:/2024/01/13/venezuela-colombia-border-bridge-reopens/). Both governments described the reopening as “a first step.”
""",
    ),
    PostSpec(
        key="baltic-cable",
        title="Finland Investigates Damage to Undersea Data Cable in the Gulf of Finland",
        subtitle="Investigators are examining an anchor trail on the seabed.",
        author="Søren Lindqvist",
        categories=("europe",),
        tags=("Finland", "Baltic", "Infrastructure"),
        image=("gulf-of-finland-cable-ship", "Photo: Finnish Border Guard"),
        has_jsonld=False,
        has_meta=False,
        body="""
P: Finnish police said on Monday that they had opened a criminal investigation into damage to a data cable linking Helsinki with Tallinn, the second such incident in the Gulf of Finland in four months.
P: Investigators found a drag mark more than ten kilometres long on the seabed, consistent with a ship’s anchor, the National Bureau of Investigation said. Data traffic was rerouted and customers did not notice any disruption.
H2: A pattern of incidents
P: In October, a gas pipeline and two cables were damaged in the same waters. Finnish investigators later blamed a container ship that had dragged its anchor, [according to the Northgate Courier](src2:/news/europe/finland-cable-anchor-investigation-e2b781).
P: “We are not ruling anything out,” said Detective Superintendent Risto Mäkinen. “But we are also not drawing conclusions before the evidence is in.”
RM: src2:/news/europe/gulf-of-finland-data-cable-damage-f0c3aa
""",
    ),
    PostSpec(
        key="gulf-of-aden-intercept",
        title="Navy Destroyer Shoots Down Missiles Over the Gulf of Aden",
        subtitle="It was the third interception by coalition warships this week.",
        author="Daniel Whitcombe",
        categories=("first",),
        tags=("Yemen", "Red Sea", "Navy"),
        image=("destroyer-gulf-of-aden", "Royal Navy"),
        body="""
P: A coalition destroyer shot down two anti-ship missiles fired toward the Gulf of Aden on Thursday night, the ship’s command said, the third interception by allied warships in a week.
H3: What happened
P: The missiles were launched from an area near Hodeidah shortly before midnight and were destroyed about 40 kilometres from a group of merchant ships, officials said. No vessels were damaged.
CTA:
H3: Why it matters
P: The Gulf of Aden carries about a tenth of world trade. Shipping companies have cited [the attacks](src1:/world/middle-east/houthi-missiles-two-cargo-ships-20240103.html) as the main reason for diverting vessels around Africa, [the Meridian Post reported](src1:/world/middle-east/gulf-of-aden-missiles-intercepted-20240126.html).
RM: src1:/world/middle-east/gulf-of-aden-missiles-intercepted-20240126.html
""",
    ),
    PostSpec(
        key="hijab-law",
        title="Iran’s Parliament Approves Harsher Penalties for Defying Headscarf Rules",
        subtitle="Repeat offenders could face fines equal to a year’s wages.",
        author="Inès Duval",
        categories=("middle-east",),
        tags=("Iran", "Women’s Rights", "Human Rights"),
        image=("tehran-street-women", "pinterest.com"),
        comments=1,
        body="""
P: Iran’s parliament on Wednesday approved a bill that sharply increases the penalties for women who do not cover their hair in public — a measure critics call the harshest
    of its kind since the 1979 revolution.
P: Under the bill, repeat offenders could be fined up to the equivalent of a year’s
      average wages, banned from travelling abroad and barred from
      government jobs.   Businesses that serve unveiled women could be closed.
EMPTY:
P: “They want to turn every shopkeeper into a morality police officer,” said Shirin Rahmani, a lawyer in Tehran who has represented women arrested under the existing rules.
P: The bill must still be approved by the Guardian Council, which vets legislation. Rights groups noted that enforcement has already tightened since the death of a young woman in the custody of the morality police in 2022 — an event that set off months of protests.
P: ‘Woman, Life, Freedom’ — the slogan of those protests — was painted overnight on walls near Tehran University, [according to the Harbor Ledger](src0:/2024/01/10/iran-hijab-bill-parliament/).
""",
    ),
    PostSpec(
        key="moldova-diplomat",
        title="Moldova Expels Russian Diplomat Over Alleged Election Interference",
        subtitle="Chișinău says the envoy funded protest groups ahead of local elections.",
        author="José Álvarez",
        categories=("europe",),
        tags=("Moldova", "Russia", "Elections"),
        image=("chisinau-parliament", "Photo: Wikimedia Commons"),
        hidden=True,
        body="""
FROM: From: Northgate Courier
P: Moldova ordered a Russian diplomat to leave the country within 72 hours on Friday, accusing him of channelling money to groups that organised protests ahead of this autumn’s local elections.
P: The foreign ministry in Chișinău said the diplomat had met repeatedly with organisers of anti-government rallies. Russia’s embassy called the accusations “absurd” and promised a response.
P: Moldova, which has applied to join the European Union, has accused Moscow of several attempts to destabilise its pro-Western government, [the Northgate Courier reported](src2:/news/europe/moldova-expels-russian-diplomat-a90d55).
RM: src2:/news/europe/moldova-expels-russian-diplomat-a90d55
""",
    ),
    PostSpec(
        key="paris-synagogue",
        title="Paris Police Arrest Two After Synagogue Façade Is Defaced",
        subtitle="The graffiti appeared hours before a memorial service.",
        author="Inès Duval",
        categories=("antisemitism",),
        tags=("France", "Antisemitism"),
        image=None,
        body="""
FROM: From: *Meridian Post*
P: Paris police arrested two men on Sunday in connection with graffiti daubed on the façade of a synagogue in the 11th arrondissement hours before a memorial service was due to begin.
P: The interior minister, Éric Laurent-Vidal, condemned what he called “an act of hatred against the whole Republic” and ordered extra patrols around Jewish sites in the capital over the weekend.
FORM:
P: France recorded more than 1,600 antisemitic acts last year, nearly four times the figure for the year before, [according to figures cited by the Meridian Post](src1:/world/europe/paris-synagogue-graffiti-arrests-20240107.html).
P: Members of the congregation painted over the slogans before the service, which went ahead with about 200 people in attendance.
""",
    ),
    PostSpec(
        key="beirut-port",
        title="Beirut Port Blast Inquiry Resumes After Year-Long Suspension",
        subtitle="Families of the victims have waited more than three years for charges.",
        author="Margaret Okafor",
        categories=("middle-east",),
        tags=("Lebanon",),
        image=None,
        body="""
P: The judge leading Lebanon’s investigation into the 2020 explosion at the port of Beirut resumed work on Monday after a suspension of more than a year, [the Harbor Ledger reported](src0:/2024/01/08/beirut-port-inquiry-resumes/).
P: The investigation had been frozen by a series of legal challenges filed by politicians the judge had sought to question. Relatives of the more than 200 people killed [gathered outside the Palace of Justice](src4:/fr/liban/2024/01/08/enquete-port-beyrouth-reprise_6021.html) to support him.
RS: executions-report
P: “We are not asking for revenge, only for names,” said Rima Khalil, whose brother, a firefighter, died in the blast. A [second dispatch from the Harbor Ledger](src0:/2024/01/08/beirut-port-inquiry-resumes/) described scuffles between protesters and security forces.
P: No senior official has been convicted in connection with the explosion, which was caused by hundreds of tonnes of ammonium nitrate stored at the port for years.
""",
    ),
    PostSpec(
        key="arctic-airbase",
        title="Satellite Images Show Expansion of Arctic Airbase Near Norway’s Border",
        subtitle="New hangars and a lengthened runway appeared over the summer.",
        author="Søren Lindqvist",
        categories=("trending",),
        tags=("Russia", "Arctic", "Norway", "Satellite Imagery"),
        image=("arctic-airbase-satellite", None),
        body="""
P: [Commercial satellite images](src6:/media/kola-airbase-2024-01.jpg) taken this month show that Russia has lengthened the runway and built four new hangars at an airbase on the Kola Peninsula, about 100 kilometres from the Norwegian border.
FIG: /wp-content/uploads/2024/01/kola-airbase-before-after.jpg | Satellite images of the airbase before and after construction
P: [Analysts at the Halden Institute](src6:/private/briefings/kola-airbase-expansion/) who reviewed the images said the work appeared designed to host long-range bombers. They listed three changes since last spring:
OL: A runway extended by about 600 metres | Four hardened hangars on the northern apron | A new fuel depot linked to the rail line
P: Norway’s defence ministry said it was “following developments closely.” The images were first published by the [Northgate Courier](src2:/news/world/kola-airbase-satellite-images-b7e312).
""",
    ),
    PostSpec(
        key="tbilisi-protests",
        title="Tens of Thousands Protest in Tbilisi Against ‘Foreign Agents’ Bill",
        subtitle="Demonstrators say the law copies one Moscow uses to silence critics.",
        author="Daniel Whitcombe",
        categories=("europe",),
        tags=("Georgia", "Protests", "Russia"),
        image=("tbilisi-rustaveli-protest", "(Getty Images)"),
        comments=1,
        body="""
FROM: From: The Harbor Ledger
P: Tens of thousands of people marched along Rustaveli Avenue in Tbilisi on Sunday night to protest a bill that would require groups receiving more than a fifth of their funding from abroad to register as “agents of foreign influence.”
P: Protesters waved Georgian and European Union flags and chanted “No to the Russian law!” outside the parliament building, where police had put up metal barriers.
P: The bill’s critics, [quoted by the Harbor Ledger](src0:/2024/01/05/tbilisi-foreign-agents-bill-protest/), say it would be used to close independent media and civil society groups. The governing party says it is needed to make funding transparent.
UL: The bill passed its first reading last week | Two more readings are needed before it becomes law | The president has said she will veto it
RM: src0:/2024/01/05/tbilisi-foreign-agents-bill-protest/
RS: kyiv-drone-workshop
""",
    ),
    PostSpec(
        key="houthi-ships",
        title="Houthi Missiles Hit Two Cargo Ships in the Gulf of Aden",
        subtitle="One crew member was injured, according to the ships’ operators.",
        author="Margaret Okafor",
        categories=("first",),
        tags=("Yemen", "Houthis", "Shipping"),
        image=("cargo-ship-gulf-of-aden", "Photo: European Union Naval Force"),
        body="""
P: Two cargo ships were hit by missiles fired from Houthi-controlled Yemen on Wednesday, their operators said, in the latest attacks on merchant vessels in the Gulf of Aden.
P: A bulk carrier bound for Jeddah was struck above the waterline and continued its voyage. A container ship reported a fire in its engine room, and one crew member was treated for burns, [according to the Meridian Post](src1:/world/middle-east/houthi-missiles-two-cargo-ships-20240103.html).
Q: “We will continue our operations until the aggression stops,” a Houthi military spokesman said [in a televised statement](src5:/wire/2024/01/24/houthi-spokesman-vows-more-attacks--q7f2c1).
P: The group says it targets ships with links to Israel, but several of the vessels attacked in recent weeks had no obvious connection to the country.
""",
    ),
    PostSpec(
        key="cobalt-audit",
        title="Audit of Congolese Cobalt Mines Finds Children Working at Three Sites",
        subtitle="The mines supply a refinery that sells to battery makers in Asia.",
        author="José Álvarez",
        categories=("trending",),
        tags=("Congo", "Mining", "Child Labour"),
        image=("kolwezi-cobalt-mine", "Photo: Marc Ilunga"),
        body="""
P: An independent audit of cobalt mines in the south of the Democratic Republic of Congo found children working at three of the eleven sites inspected, the auditors said on Tuesday.
P: The mines, near the city of Kolwezi, supply a refinery that sells cobalt to battery makers in China, South Korea and Japan. The audit was commissioned by an industry group after [an investigation by the Northgate Courier](src2:/news/africa/congo-cobalt-child-labour-audit-c33f18) last year.
H2: Findings
UL: Children as young as 12 sorting ore by hand | No protective equipment at five sites | Payments to workers made in cash, without records
P: The refinery said it had suspended purchases from the three sites and would fund schooling for the children identified.
CTA@:
""",
    ),
    PostSpec(
        key="toronto-bakery",
        title="Toronto Kosher Bakery Vandalised Overnight, Police Say",
        subtitle=None,
        author="Foreign Desk Staff",
        categories=("antisemitism",),
        tags=("Canada",),
        image=("toronto-bakery-window", "Photo: Toronto Police Service"),
        body="""
FROM: From: Lakeshore Chronicle
P: Toronto police are investigating after the front window of a kosher bakery in the city’s north end was smashed and daubed with slogans overnight on Thursday.
P: The bakery’s owner, Avi Rosenthal, said it was the second time in a month that his shop had been targeted. “We will open tomorrow at six, like every day,” he said.
P: The city’s mayor described the attack as “hateful and cowardly.” Police said they had classified it as a suspected hate crime.
RM: src3:/city/2024/01/21/north-york-kosher-bakery-vandalised/
""",
    ),
    PostSpec(
        key="black-sea-talks",
        title="Türkiye Offers to Host Talks on Black Sea Shipping Safety",
        subtitle="Officials in Ankara say both sides have shown interest.",
        author="Inès Duval",
        categories=("europe", "middle-east"),
        tags=("Türkiye", "Black Sea", "Ukraine", "Russia"),
        image=("istanbul-bosphorus-freighter", "Photo: Mehmet Yıldız"),
        body="""
FROM: From: Caspian Observer
P: Türkiye has offered to host talks between Russia and Ukraine on the safety of commercial shipping in the Black Sea, the Turkish foreign ministry said on Monday, as insurers warned that mines drifting near the Bosphorus were a growing risk.
P: “Freedom of navigation in the Black Sea is in everyone’s interest,” said Ayşe Demirtaş, a ministry spokeswoman. She said officials in both Kyiv and Moscow had responded “positively” to the proposal but had not yet agreed to a date.
P: A Turkish minesweeper destroyed a drifting mine off the coast of Kırklareli last week, [the Meridian Post reported](src1:/world/europe/turkey-black-sea-shipping-talks-20231220.html), the third found near the strait since the start of the war.
RM: src7:/2024/01/20/turkey-black-sea-talks-offer
""",
    ),
)

# Reader comments shown under some posts (outside the article body).
COMMENTERS: tuple[str, ...] = (
    "Ruth K.",
    "Bernard Achebe",
    "M. Sørensen",
    "Dalia",
    "Peter from Leeds",
    "Noemí Castaño",
    "J. Whitfield",
)
COMMENT_TEXTS: tuple[str, ...] = (
    "Thank you for covering this. Nobody else seems to be paying attention.",
    "The list at the end is useful — I forwarded it to my whole family.",
    "I read the Top Ten every morning with my coffee. This was the story I did not expect.",
    "Is there any update on what happened after this? Would love a follow-up.",
    "Excellent summary. The numbers speak for themselves.",
    "Hard to believe this gets so little coverage on the evening news.",
    "Shared this with my students today; it started a long discussion.",
)

STATIC_PAGES: tuple[tuple[int, str, str, tuple[str, ...]], ...] = (
    (
        2,
        "/about-2/",
        "About",
        (
            "The Foreign Desk was established in 2015 to bring readers the international "
            "stories that matter, explained without the noise.",
            "Every morning our editors send Lisa's Top Ten, a briefing of the ten stories from "
            "around the world that you need to know before the day begins.",
            "Our reporters and contributors cover the Middle East, Europe, Asia and the Americas, "
            "with a particular focus on human rights, security and press freedom.",
        ),
    ),
    (
        14,
        "/contact/",
        "Contact",
        (
            "Tips, corrections and questions reach the editors through the form below.",
            "For advertising and partnership enquiries, please write to the business desk.",
        ),
    ),
    (
        21,
        "/subscribe/",
        "Subscribe",
        (
            "Lisa's Top Ten arrives in your inbox at six every morning, Eastern time.",
            "Start your free trial today: the first month costs nothing and you can cancel at any "
            "time.",
        ),
    ),
    (
        23,
        "/donate/",
        "Donate",
        (
            "The Foreign Desk is reader-supported. Your donation pays for reporting that "
            "would otherwise not be done.",
        ),
    ),
    (
        3,
        "/privacy-policy/",
        "Privacy Policy",
        (
            "We collect only the information needed to deliver the newsletter and to run this "
            "website.",
            "We never sell your personal data. You can ask us to delete it at any time.",
        ),
    ),
)
