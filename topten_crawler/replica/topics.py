"""The story types of generated posts: for each topic, the regions it happens in, the things it
is about, and the templates of its titles, deks, leads, paragraphs, quotes, subheads, lists and
tags.

Pure data; :mod:`topten_crawler.replica.generator` fills the templates' ``{slots}``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Topic:
    name: str
    regions: tuple[str, ...]
    things: tuple[tuple[str, str], ...]
    titles: tuple[str, ...]
    deks: tuple[str, ...]
    leads: tuple[str, ...]
    paras: tuple[str, ...]
    quotes: tuple[str, ...]
    subheads: tuple[str, ...]
    list_intros: tuple[str, ...]
    list_items: tuple[str, ...]
    tags: tuple[str, ...]
    image_word: str


TOPICS: tuple[Topic, ...] = (
    Topic(
        name="protest",
        regions=("me", "eu", "global"),
        things=(
            ("Fuel Prices", "a sharp rise in fuel prices"),
            ("Power Cuts", "weeks of rolling power cuts"),
            ("a Media Law", "a new law restricting independent media"),
            ("an Opposition Leader’s Arrest", "the arrest of a prominent opposition leader"),
            ("Water Shortages", "chronic water shortages"),
            ("Corruption", "a corruption scandal involving senior officials"),
            ("Pension Cuts", "planned cuts to state pensions"),
            ("Delayed Elections", "the postponement of national elections"),
        ),
        titles=(
            "Thousands Rally in {city} Over {thing_t}",
            "Police Disperse Protest in {city} Against {thing_t}",
            "{adj} Protesters Defy Ban to March Over {thing_t}",
            "Protests Over {thing_t} Spread Beyond {city}",
        ),
        deks=(
            "Organisers said it was the largest demonstration in {city} in a decade.",
            "Police used tear gas and detained at least {n1} people.",
            "The government has called the protests the work of foreign agents.",
        ),
        leads=(
            "Thousands of people took to the streets of {city} on {day} to protest against "
            "{thing}, in one of the largest demonstrations the city has seen in years.",
            "Police in {city} fired tear gas and detained at least {n1} people on {day} as crowds "
            "gathered to protest against {thing}, witnesses said.",
            "Protests against {thing} spread to at least {few} cities across {country} on {day}, "
            "with the biggest crowds in {city}, {cite}.",
        ),
        paras=(
            "Demonstrators carried handwritten signs and chanted slogans against the government as "
            "they marched toward the main square. Riot police blocked several side streets but did "
            "not try to stop the march.",
            "The interior ministry said {n1} people had been detained for “disturbing public "
            "order” and that {few} police officers had been injured. Organisers said the number of "
            "arrests was at least twice as high.",
            "Videos shared on social media showed officers beating protesters with batons near the "
            "central railway station, {cite}. The authorities said the videos had been taken out "
            "of context.",
            "The protests began last week in a small town outside {city} and spread quickly after "
            "the government refused to meet union leaders.",
            "Opposition parties, divided for years, issued a joint statement backing the "
            "demonstrators and calling for a general strike.",
            "Mobile internet service was slowed in the centre of {city} for several hours, "
            "according to an internet monitoring group.",
        ),
        quotes=(
            "We are not afraid anymore. They can arrest a hundred of us, but a thousand more will "
            "come.",
            "People cannot feed their families. This is not about politics, it is about bread.",
            "The government has stopped listening, so we have come to the street to be heard.",
        ),
        subheads=("How the protests began", "The government’s response", "What comes next"),
        list_intros=("The protesters’ main demands:", "Organisers published a list of demands:"),
        list_items=(
            "The release of everyone detained since the protests began",
            "The resignation of the interior minister",
            "An independent inquiry into the use of force by police",
            "A freeze on fuel and food prices",
            "Early elections under international observation",
        ),
        tags=("Protests", "Human Rights"),
        image_word="protest",
    ),
    Topic(
        name="strike",
        regions=("me", "eu"),
        things=(
            ("Fuel Depot", "a fuel depot"),
            ("Ammunition Store", "an ammunition store"),
            ("Power Station", "a power station"),
            ("Rail Junction", "a rail junction"),
            ("Military Airfield", "a military airfield"),
            ("Port Warehouse", "a warehouse at the port"),
        ),
        titles=(
            "Drone Strike Hits {thing_t} Near {city}",
            "Explosions Reported at {thing_t} Outside {city}",
            "{thing_t} Near {city} Burns After Overnight Attack",
        ),
        deks=(
            "Officials said air defences shot down {few} of the drones.",
            "Satellite images showed smoke rising from the site for several hours.",
        ),
        leads=(
            "A drone attack set fire to {thing} near {city} early on {day}, local officials said, "
            "in one of the deepest strikes of its kind this year.",
            "Several explosions were heard near {city} overnight into {day} as drones struck "
            "{thing}, residents and local officials said, {cite}.",
        ),
        paras=(
            "Firefighters worked for several hours to put out the blaze. The regional governor "
            "said no one had been killed but that {few} workers had been taken to hospital with "
            "burns.",
            "The defence ministry said air defences had destroyed {n1} drones over the region "
            "overnight. It did not comment on the damage to the site.",
            "Satellite images reviewed by analysts showed scorch marks across a large part of the "
            "facility and at least {few} destroyed buildings, {cite}.",
            "The attack was the {ordinal} on targets near {city} this month. Residents described "
            "hearing the buzz of engines followed by a series of loud blasts shortly after 3 a.m.",
            "Military analysts said the strike showed a growing ability to hit targets far from "
            "the front line with cheap, locally made drones.",
            "Train services through the area were suspended for the day as engineers inspected the "
            "tracks.",
        ),
        quotes=(
            "We heard the first explosion and then the sky turned orange.",
            "Our air defence worked well. The damage is limited and will be repaired quickly.",
            "This is exactly the kind of target that matters: fuel, ammunition and the roads that "
            "carry them.",
        ),
        subheads=("What was hit", "A widening campaign", "The official response"),
        list_intros=("What is known so far:",),
        list_items=(
            "The attack began shortly after 3 a.m. local time",
            "At least {few} drones reached the site",
            "No deaths have been reported",
            "Rail traffic in the area was halted",
            "The site had been hit once before, in the spring",
        ),
        tags=("Drones", "War"),
        image_word="strike",
    ),
    Topic(
        name="sanctions",
        regions=("me", "eu", "global"),
        things=(
            ("Drone Exports", "its drone exports"),
            ("Oil Smuggling", "oil smuggling networks"),
            ("Human Rights Abuses", "human rights abuses against protesters"),
            ("Arms Deals", "arms deals with Russia"),
            ("Cyber Espionage", "a cyber espionage campaign"),
            ("Money Laundering", "money laundering through front companies"),
        ),
        titles=(
            "{country} Hit With New Sanctions Over {thing_t}",
            "Western Governments Target {adj} Firms Over {thing_t}",
            "EU Freezes Assets of {n1} {adj} Officials Over {thing_t}",
        ),
        deks=(
            "The measures freeze assets and ban travel for senior officials.",
            "{country} called the sanctions illegal and promised to retaliate.",
        ),
        leads=(
            "The United States and the European Union imposed new sanctions on {country} on {day} "
            "over {thing}, freezing the assets of {n1} companies and individuals.",
            "Western governments announced a coordinated package of sanctions against {adj} "
            "officials and businesses on {day}, citing {thing}, {cite}.",
        ),
        paras=(
            "The measures target {n1} companies, including {few} registered in the United Arab "
            "Emirates and Hong Kong that officials say acted as fronts for state-owned firms.",
            "The foreign ministry in {city} called the sanctions “illegal and counterproductive” "
            "and said it would take “appropriate measures” in response.",
            "The Treasury Department said the network had moved hundreds of millions of dollars "
            "through shell companies since 2021, {cite}.",
            "Analysts said the sanctions were unlikely to change the government’s behaviour on "
            "their own but would make it harder to obtain components and foreign currency.",
            "Some of the individuals named had already been sanctioned by Britain and Canada last "
            "year.",
        ),
        quotes=(
            "Those who profit from repression will find that the world is watching.",
            "These sanctions punish ordinary people, not the government.",
            "Every new listing closes one door, but the networks are quick to open another.",
        ),
        subheads=("Who is targeted", "The reaction in {city}", "Will it work?"),
        list_intros=("The package includes:",),
        list_items=(
            "Asset freezes on {n1} companies and individuals",
            "Travel bans on senior officials",
            "A ban on exporting dual-use electronics",
            "Restrictions on insuring ships that carry {adj} cargo",
        ),
        tags=("Sanctions",),
        image_word="sanctions",
    ),
    Topic(
        name="court",
        regions=("me", "global"),
        things=(
            ("Activists", "activists"),
            ("Journalists", "journalists"),
            ("Protesters", "protesters"),
            ("Student Leaders", "student leaders"),
            ("Union Organisers", "union organisers"),
        ),
        titles=(
            "{adj} Court Sentences {few_t} {thing_t} to Prison on Security Charges",
            "Rights Groups Condemn Sentences for {thing_t} in {country}",
            "{country} Jails {n1} {thing_t} After Closed-Door Trial",
        ),
        deks=(
            "Lawyers were not allowed to see the evidence against their clients.",
            "The trial lasted less than a day, according to relatives.",
        ),
        leads=(
            "A court in {city} sentenced {few} {thing} to between five and twelve years in prison "
            "on {day} on charges of acting against national security, their lawyers said.",
            "Human rights groups on {day} condemned the sentencing of {n1} {thing} in {country} "
            "after a trial that lasted less than a day, {cite}.",
        ),
        paras=(
            "The defendants were arrested last year during a crackdown that followed weeks of "
            "demonstrations. Relatives said they had been held in solitary confinement for months "
            "before the trial.",
            "Their lawyers said they had not been allowed to see the evidence against their "
            "clients, and that confessions had been obtained under pressure.",
            "The judiciary’s news agency said the defendants had “confessed to cooperating with "
            "hostile foreign services,” {cite}.",
            "The United Nations human rights office said it was “deeply concerned” by the "
            "sentences and called for the release of everyone detained for peaceful protest.",
            "Several of the defendants are expected to appeal. Appeals in similar cases have "
            "rarely succeeded.",
        ),
        quotes=(
            "My son is a teacher, not a spy. They took him because he spoke to a journalist.",
            "This was not a trial. It was a ceremony to announce a decision made long ago.",
            "The courts have become an instrument of fear.",
        ),
        subheads=("The charges", "Inside the courtroom", "International reaction"),
        list_intros=("According to the defence lawyers:",),
        list_items=(
            "The hearing lasted less than six hours",
            "Family members were not allowed into the courtroom",
            "The defendants were denied lawyers of their choice",
            "Two defendants said they had been beaten in detention",
        ),
        tags=("Human Rights", "Courts"),
        image_word="court",
    ),
    Topic(
        name="talks",
        regions=("me", "eu", "global"),
        things=(
            ("a Ceasefire", "a ceasefire"),
            ("a Prisoner Exchange", "a prisoner exchange"),
            ("the Border Dispute", "a long-running border dispute"),
            ("Hostage Releases", "the release of hostages"),
            ("Grain Shipments", "safe passage for grain shipments"),
            ("River Water", "sharing water from a cross-border river"),
        ),
        titles=(
            "Envoys Meet in {city} as Talks on {thing_t} Resume",
            "Negotiators Report Progress on {thing_t} After Talks in {city}",
            "Talks on {thing_t} Stall in {city} Over Final Details",
        ),
        deks=(
            "Mediators said a deal could be reached within weeks.",
            "Both sides accused the other of making new demands.",
        ),
        leads=(
            "Negotiators met in {city} on {day} for a new round of talks on {thing}, the first "
            "face-to-face meeting in almost two months, diplomats said.",
            "Talks on {thing} resumed in {city} on {day}, with mediators saying the two sides were "
            "closer to an agreement than at any point this year, {cite}.",
        ),
        paras=(
            "The delegations met for about {few} hours at a government guesthouse. Neither side "
            "spoke to reporters afterwards.",
            "A diplomat briefed on the talks said the main obstacle was the sequencing of the "
            "agreement: which steps would come first, and who would guarantee them.",
            "Mediators have shuttled between the two delegations for weeks, {cite}, passing drafts "
            "that run to more than {n1} pages.",
            "Earlier rounds collapsed over disagreements about monitoring, and several deadlines "
            "have already passed.",
            "{name2}, a senior {adj} negotiator, said on {day} that the government was “ready for "
            "a fair agreement, but not at any price.”",
        ),
        quotes=(
            "We are closer than we have ever been, but close is not the same as done.",
            "Nobody should expect a breakthrough this week.",
            "The details are hard because the stakes are so high for the families.",
        ),
        subheads=("What is on the table", "The sticking points", "What happens next"),
        list_intros=("The draft under discussion includes:",),
        list_items=(
            "A phased timetable over {few} weeks",
            "International monitors at crossing points",
            "The exchange of prisoners held by both sides",
            "A joint committee to handle complaints",
        ),
        tags=("Diplomacy",),
        image_word="talks",
    ),
    Topic(
        name="shipping",
        regions=("me", "eu", "global"),
        things=(
            ("Oil Tanker", "an oil tanker"),
            ("Container Ship", "a container ship"),
            ("Bulk Carrier", "a bulk carrier"),
            ("Fishing Boat", "a fishing boat"),
            ("Cargo Ship", "a cargo ship"),
        ),
        titles=(
            "{thing_t} Seized in {water}",
            "Armed Men Board {thing_t} in {water}",
            "{thing_t} Reports Blast in {water}, Crew Evacuated",
        ),
        deks=(
            "The ship’s operator said all {n1} crew members were safe.",
            "Maritime security agencies advised vessels to stay alert in the area.",
        ),
        leads=(
            "Armed men boarded {thing} in {water} on {day} and ordered it to change course, a "
            "maritime security agency said.",
            "{thing_c} reported an explosion near its hull in {water} on {day}, and the crew was "
            "taken off by a passing vessel, {cite}.",
        ),
        paras=(
            "The ship, which was sailing under a Liberian flag, had left port {few} days earlier. "
            "Its last signal placed it about {n1} nautical miles off the coast.",
            "A British maritime security agency urged vessels in the area to report any "
            "suspicious activity and to keep their tracking systems switched on.",
            "The ship’s operator said it had lost contact with the crew for several hours, {cite}, "
            "before receiving a message that everyone on board was safe.",
            "Insurers said the incident would push up premiums for vessels using the route, "
            "already among the most expensive in the world to insure.",
            "It was the {ordinal} incident involving a commercial vessel in the area this year.",
        ),
        quotes=(
            "The crew acted professionally and followed every procedure.",
            "These waters have become a gamble for every captain who enters them.",
            "We have asked all of our ships to keep well away from the coast until further notice.",
        ),
        subheads=("What happened", "Who might be responsible", "The cost to shipping"),
        list_intros=("Incidents reported in the area this year:",),
        list_items=(
            "Two tankers seized in the spring",
            "A container ship damaged by a drone",
            "A fishing vessel missing for three days",
            "Several reports of small boats approaching merchant ships",
        ),
        tags=("Shipping", "Maritime Security"),
        image_word="ship",
    ),
    Topic(
        name="election",
        regions=("eu", "global"),
        things=(
            ("Parliamentary Vote", "parliamentary elections"),
            ("Presidential Runoff", "a presidential runoff"),
            ("Local Elections", "local elections"),
            ("Referendum", "a constitutional referendum"),
        ),
        titles=(
            "Opposition in {country} Alleges Fraud in {thing_t}",
            "Turnout Falls as {country} Holds {thing_t}",
            "Observers Criticise Conduct of {adj} {thing_t}",
        ),
        deks=(
            "Observers reported ballot stuffing at several polling stations.",
            "The electoral commission rejected the complaints.",
        ),
        leads=(
            "Opposition parties in {country} said on {day} that {thing} had been marred by "
            "widespread fraud, and called on supporters to gather in {city}.",
            "Voters in {country} went to the polls on {day} in {thing} that observers described as "
            "competitive but unfair, {cite}.",
        ),
        paras=(
            "Preliminary results gave the governing party about {pct} percent of the vote, well "
            "ahead of the opposition.",
            "International observers said they had seen ballot stuffing and voters being bused to "
            "polling stations.",
            "Turnout was {pct2} percent, the lowest in two decades, according to the electoral "
            "commission, {cite}.",
            "Opposition leaders said they would challenge the results in court and refused to take "
            "up their seats.",
            "Government officials dismissed the complaints as “the usual excuses of those who "
            "lose.”",
        ),
        quotes=(
            "We saw the same people vote three times at the same school.",
            "The count was transparent and the result is clear.",
            "An election is not only the day of the vote. It is everything that comes before.",
        ),
        subheads=("The results", "The complaints", "What the observers saw"),
        list_intros=("Observers listed the main problems:",),
        list_items=(
            "Ballot stuffing reported at {n1} polling stations",
            "Observers denied access in {few} districts",
            "Pressure on state employees to vote",
            "Delays in publishing results from the capital",
        ),
        tags=("Elections",),
        image_word="election",
    ),
    Topic(
        name="cyber",
        regions=("eu", "global"),
        things=(
            ("the Railway Network", "the national railway network"),
            ("Hospitals", "hospitals in the capital region"),
            ("the Tax Office", "the tax office"),
            ("the Power Grid", "the power grid operator"),
            ("Airport Check-In", "airport check-in systems"),
            ("a Water Utility", "a regional water utility"),
        ),
        titles=(
            "Cyberattack Disrupts {thing_t} in {country}",
            "{country} Blames Foreign Hackers for Attack on {thing_t}",
            "Hackers Knock {thing_t} Offline in {city}",
        ),
        deks=(
            "Staff switched to paper records while systems were restored.",
            "The national cybersecurity agency said no ransom would be paid.",
        ),
        leads=(
            "A cyberattack disrupted {thing} in {country} on {day}, officials said, forcing staff "
            "to switch to paper records.",
            "Officials in {city} said on {day} that a hacking group linked to a foreign "
            "intelligence service was behind an attack on {thing}, {cite}.",
        ),
        paras=(
            "The national cybersecurity agency said the attackers had encrypted servers and "
            "demanded a ransom, which the government would not pay.",
            "Services were partly restored by the evening, but officials warned that some systems "
            "could be offline for {few} days.",
            "Researchers said the malicious code resembled tools used in earlier attacks on "
            "government agencies in the region, {cite}.",
            "The attack came days after the government expelled {few} foreign diplomats, a timing "
            "officials said was unlikely to be a coincidence.",
            "Opposition lawmakers said the government had ignored repeated warnings about outdated "
            "systems.",
        ),
        quotes=(
            "We were prepared for this, but no one is ever fully prepared.",
            "The attackers knew exactly which systems to hit first.",
            "Every hour offline costs money and, in a hospital, it can cost lives.",
        ),
        subheads=("What was hit", "Who is behind it", "The recovery"),
        list_intros=("What officials have confirmed:",),
        list_items=(
            "Websites and ticket machines went offline",
            "Staff switched to paper records",
            "No personal data has been confirmed stolen",
            "Backup systems were restored within {few} days",
        ),
        tags=("Cybersecurity",),
        image_word="cyber",
    ),
    Topic(
        name="economy",
        regions=("me", "eu", "global"),
        things=(("Inflation", "inflation"),),
        titles=(
            "{adj} Currency Falls to Record Low Against the Dollar",
            "Bread Prices Double in {city} as Inflation Soars",
            "{country} Seeks Emergency Loan as Reserves Run Low",
        ),
        deks=(
            "Money changers reported long queues as families sought dollars.",
            "The central bank has raised interest rates {few} times this year.",
        ),
        leads=(
            "The {adj} currency fell to a record low against the dollar on {day}, losing about "
            "{pct3} percent of its value in a week, traders in {city} said.",
            "The price of bread in {city} has doubled since the start of the year, {cite}, as "
            "inflation in {country} climbs above {pct} percent.",
        ),
        paras=(
            "Money changers in the city centre said demand for dollars and euros had surged as "
            "families tried to protect their savings.",
            "The central bank raised interest rates for the {ordinal} time this year and promised "
            "to sell reserves to support the currency.",
            "Economists said the government’s spending ahead of elections had fed inflation, "
            "{cite}.",
            "Shopkeepers said they were changing price tags several times a week. Some pharmacies "
            "reported shortages of imported medicines.",
            "Officials are negotiating with the International Monetary Fund over an emergency loan "
            "of about ${bn} billion.",
        ),
        quotes=(
            "My salary is the same, but it buys half of what it bought in January.",
            "The worst is behind us. The measures will take effect within weeks.",
            "People are buying anything that keeps its value: gold, dollars, even washing "
            "machines.",
        ),
        subheads=("At the market", "The central bank", "The outlook"),
        list_intros=("The figures behind the crisis:",),
        list_items=(
            "Inflation above {pct} percent",
            "Bread and cooking oil prices doubled",
            "Reserves enough for {few} months of imports",
            "Fuel subsidies cut twice this year",
        ),
        tags=("Economy",),
        image_word="market",
    ),
    Topic(
        name="detention",
        regions=("me", "global"),
        things=(
            ("Journalist", "a journalist"),
            ("Aid Worker", "an aid worker"),
            ("Academic", "a visiting academic"),
            ("Businessman", "a businessman"),
        ),
        titles=(
            "{adj} Authorities Detain Foreign {thing_t} in {city}",
            "Family of {thing_t} Held in {country} Appeals for Release",
            "{thing_t} Detained in {city} Accused of Espionage",
        ),
        deks=(
            "Relatives say the detainee has not been allowed to see a lawyer.",
            "Rights groups say foreign detainees are used as bargaining chips.",
        ),
        leads=(
            "Authorities in {country} have detained {thing} with dual nationality in {city}, "
            "relatives said on {day}, accusing the detainee of spying for a foreign government.",
            "The family of {thing} held in {country} for {few} months appealed on {day} for the "
            "release of their relative, {cite}.",
        ),
        paras=(
            "The detainee was arrested at the airport while trying to leave the country and has "
            "not been allowed to see a lawyer, relatives said.",
            "State television broadcast a video in which the detainee appeared to confess to "
            "collecting information for a foreign intelligence service. Rights groups said such "
            "confessions were routinely coerced.",
            "Foreign diplomats have not been granted consular access, {cite}.",
            "At least {few} other foreign and dual nationals are being held in the country, and "
            "rights groups say they are used as bargaining chips in negotiations with the West.",
            "The foreign ministry said the case was a matter for the courts.",
        ),
        quotes=(
            "We just want to hear a voice on the phone. We do not even know where they are held.",
            "This is hostage diplomacy, and it has to stop.",
            "The case is in the hands of the judiciary.",
        ),
        subheads=("The arrest", "The family’s appeal", "A pattern of detentions"),
        list_intros=("What the family has been told:",),
        list_items=(
            "No formal charges have been shown to the family",
            "Consular visits have been refused {few} times",
            "A court date has been postponed twice",
            "The detainee is being held in a wing run by intelligence officers",
        ),
        tags=("Detentions", "Press Freedom"),
        image_word="detained",
    ),
    Topic(
        name="military",
        regions=("me", "eu", "global"),
        things=(
            ("Naval Base", "a naval base"),
            ("Missile Site", "a missile site"),
            ("Airstrip", "an airstrip"),
            ("Radar Station", "a radar station"),
            ("Drone Factory", "a drone factory"),
        ),
        titles=(
            "Satellite Images Show New {thing_t} in {country}",
            "{country} Expands {thing_t} Near {city}, Images Show",
            "Analysts Spot Construction at {adj} {thing_t}",
        ),
        deks=(
            "The work began in the spring, according to analysts.",
            "The government declined to comment on the images.",
        ),
        leads=(
            "Satellite images taken this month show construction of {thing} about {n1} kilometres "
            "from {city}, analysts said on {day}.",
            "New buildings and a lengthened runway have appeared at {thing} near {city}, according "
            "to satellite images reviewed by analysts, {cite}.",
        ),
        paras=(
            "The images show at least {few} new buildings, a security fence and a road connecting "
            "the site to a nearby highway.",
            "Analysts said the layout resembled facilities built elsewhere in the region to store "
            "and launch missiles.",
            "The government did not respond to questions about the site, {cite}.",
            "Construction appears to have begun in the spring, according to earlier images of the "
            "area, and accelerated over the summer.",
            "Neighbouring governments said they were following the developments closely.",
        ),
        quotes=(
            "You do not build hardened shelters like these for a training base.",
            "This is a defensive facility and a matter of national sovereignty.",
            "The speed of construction is what stands out.",
        ),
        subheads=("What the images show", "Why it matters", "The official silence"),
        list_intros=("Changes visible in the images:",),
        list_items=(
            "At least {few} new buildings",
            "A runway extended by several hundred metres",
            "A new security fence around the perimeter",
            "Fuel tanks connected to a rail spur",
        ),
        tags=("Military", "Satellite Imagery"),
        image_word="satellite",
    ),
    Topic(
        name="incident",
        regions=("west",),
        things=(
            ("Synagogue", "a synagogue"),
            ("Jewish Cemetery", "a Jewish cemetery"),
            ("Kosher Shop", "a kosher shop"),
            ("Jewish School", "a Jewish school"),
            ("Holocaust Memorial", "a Holocaust memorial"),
        ),
        titles=(
            "{thing_t} in {city} Vandalised Overnight, Police Say",
            "Police in {city} Investigate Attack on {thing_t}",
            "Graffiti Daubed on {thing_t} in {city}",
        ),
        deks=(
            "Police have classified the attack as a suspected hate crime.",
            "Community leaders called for more security at Jewish sites.",
        ),
        leads=(
            "Police in {city} are investigating after {thing} was vandalised overnight into {day}, "
            "the {ordinal} such incident in the city this year.",
            "Vandals daubed slogans on {thing} in {city} early on {day}, police said, {cite}.",
        ),
        paras=(
            "Officers were called shortly after 6 a.m. by a caretaker who found broken windows and "
            "graffiti on the walls. Nobody was hurt.",
            "The police said they were examining footage from security cameras in the street and "
            "had classified the attack as a suspected hate crime.",
            "Community leaders said the number of incidents had risen sharply in recent months, "
            "{cite}, and called for more patrols.",
            "The mayor of {city} condemned the attack and visited the site later in the day.",
            "Volunteers gathered in the afternoon to clean the walls before evening prayers.",
        ),
        quotes=(
            "We will not hide. We will clean the walls and open the doors as we always do.",
            "An attack on one community is an attack on the whole city.",
            "Children should not have to walk past police officers to get to school.",
        ),
        subheads=("The investigation", "The community’s response"),
        list_intros=("Incidents reported in the city this year:",),
        list_items=(
            "Graffiti on {few} Jewish-owned shops",
            "Threatening letters sent to a school",
            "Gravestones pushed over at a cemetery",
            "An assault on a man wearing a kippah",
        ),
        tags=("Antisemitism", "Hate Crime"),
        image_word="vandalism",
    ),
    Topic(
        name="report",
        regions=("west",),
        things=(
            ("Record High", "a record high"),
            ("Sharp Rise", "a sharp rise"),
        ),
        titles=(
            "Antisemitic Incidents in {country} Hit {thing_t}, Report Says",
            "{country} Records {n2} Antisemitic Incidents in Six Months",
            "Report Finds {thing_t} in Antisemitic Threats Online in {country}",
        ),
        deks=(
            "The figures were compiled from police records and community reports.",
            "Researchers said many incidents still go unreported.",
        ),
        leads=(
            "Antisemitic incidents in {country} reached {thing} in the first half of the year, "
            "according to a report published on {day} by a group that monitors hate crimes.",
            "Monitors in {country} recorded {n2} antisemitic incidents in six months, {cite}, "
            "more than in any full year before.",
        ),
        paras=(
            "The report said about a third of the incidents took place online and a quarter in "
            "schools and universities.",
            "Researchers said the true number was likely to be higher, because many victims did "
            "not report incidents to the police.",
            "The government said it would increase funding for security at Jewish schools and "
            "community centres, {cite}.",
            "The largest number of incidents was recorded in {city}, where the Jewish community is "
            "the biggest in the country.",
            "The authors called for better training for police officers and teachers.",
        ),
        quotes=(
            "These are not statistics. Every one of these numbers is a person.",
            "We see more incidents in schools than ever before.",
            "The law is there. What we need is the will to enforce it.",
        ),
        subheads=("The numbers", "Where incidents happen", "The government’s plans"),
        list_intros=("The report’s main findings:",),
        list_items=(
            "{n2} incidents in six months",
            "About a third of incidents online",
            "A quarter in schools and universities",
            "Physical assaults up by {pct3} percent",
        ),
        tags=("Antisemitism", "Antisemitism Report"),
        image_word="report",
    ),
)
