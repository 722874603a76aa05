# ruff: noqa: E501 - the tables below keep one venue, group or change a line
"""The demo network loaded by ``manage.py seed_demo``: plain data, and a short loader.

Everything here is fictional: the six Recovery Learning Communities are real regions of
Massachusetts, but every venue, person, phone number (555-01xx) and address is made up.
Every demo sign-in uses the password ``peerhub-demo``.

A schedule is an RFC 5545 rule after its ``FREQ=`` (``"MONTHLY;BYDAY=2TU,4TU"``: the 2nd and
4th Tuesday); a whole number instead is a one-off event that many days after ``today``. Recurring groups began some weeks before ``today``, on the first
day their rule meets. A group's team is a tuple of facilitator numbers: the lead, then any
co-facilitators.
"""

import datetime as dt
from importlib import import_module

import recurrence
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils.text import slugify

from facilitators.models import FacilitatorProfile
from facilitators.services import facilitator_create
from groups.models import AccessFeature, Group, GroupFacilitator, Language
from groups.services import group_create
from groups.sessions import session_cancel, session_move
from regions.models import Region, Venue
from regions.services import coordinator_add, region_create, venue_create

DEMO_PASSWORD = "peerhub-demo"  # noqa: S105 - published on purpose: demo sign-ins only
ADMIN_EMAIL = "admin@example.org"
TIMEZONE = "America/New_York"
CHANGE_WINDOW = dt.timedelta(weeks=8)

K, A, V = Group.Kind, Group.Audience, Venue.Kind
LEAD, CO = GroupFacilitator.Role.LEAD, GroupFacilitator.Role.CO

# slug, name, phone, address, description
REGIONS = [
    (
        "central",
        "Central Mass RLC",
        "508-555-0101",
        "100 Main Street, Worcester, MA 01608",
        "A peer-run community for Worcester County where you can come as you are and meet "
        "people who have been there too.",
    ),
    (
        "metro-suburban",
        "Metro Suburban RLC",
        "508-555-0102",
        "25 Concord Street, Framingham, MA 01702",
        "From Framingham to Quincy, a friendly place to find peer support, make connections "
        "and explore what wellness means to you.",
    ),
    (
        "metro-boston",
        "Metro Boston RLC",
        "617-555-0103",
        "200 Tremont Street, Boston, MA 02116",
        "Boston's peer-run community: groups, classes and good company, free and open to "
        "anyone who wants to come.",
    ),
    (
        "southeast",
        "Southeast RLC",
        "508-555-0104",
        "40 Main Street, Brockton, MA 02301",
        "Peer support across the South Coast and South Shore, in English, Portuguese, Spanish "
        "and Cape Verdean Creole, with a warm welcome whoever you are.",
    ),
    (
        "northeast",
        "Northeast RLC",
        "978-555-0105",
        "75 Merrimack Street, Lowell, MA 01852",
        "A peer-run community in the Merrimack Valley and North Shore where everyone is "
        "welcome to drop in, share and belong.",
    ),
    (
        "western",
        "Western Mass RLC",
        "413-555-0106",
        "300 High Street, Holyoke, MA 01040",
        "From Springfield to the Berkshires, a place to meet peers, learn from each other and "
        "feel less alone.",
    ),
]

JOIN_ONLINE = "Link sent by the RLC after you call or email; you can also join by phone."

# fmt: off
# region slug -> venues: key (the slug after the region's), kind, name, address, town, access notes
VENUES = {
    "central": [
        ("wachusett-hospital", V.STATE_HOSPITAL, "Wachusett State Hospital", "120 Hospital Drive", "Worcester", ""),
        ("crossroads-shelter", V.SHELTER, "Crossroads Shelter", "12 Summer Street", "Worcester", "Step-free entrance at the side door."),
        ("rollstone-library", V.LIBRARY, "Rollstone Branch Library", "45 Rollstone Road", "Fitchburg", "Lift to the community room."),
        ("first-parish-leominster", V.CHURCH, "First Parish Church, lower hall", "9 West Street", "Leominster", "Ramp at the back of the building."),
        ("peer-center", V.PEER_CENTER, "Worcester Peer Wellness Center", "100 Main Street", "Worcester", "Step-free; accessible restroom."),
        ("online", V.ONLINE, "Central Mass RLC online", "", "", ""),
    ],
    "metro-suburban": [
        ("charles-river-hospital", V.STATE_HOSPITAL, "Charles River State Hospital", "500 Trapelo Road", "Waltham", ""),
        ("harbor-house", V.SHELTER, "Harbor House Shelter", "18 Washington Street", "Quincy", ""),
        ("thomas-crane-branch", V.LIBRARY, "Wollaston Branch Library", "41 Beale Street", "Quincy", "Hearing loop in the meeting room."),
        ("st-marks-framingham", V.CHURCH, "St. Mark's Church, parish hall", "60 Union Avenue", "Framingham", "Step-free entrance on Union Avenue."),
        ("peer-center", V.PEER_CENTER, "Framingham Peer Center", "25 Concord Street", "Framingham", "Step-free; near the commuter rail."),
        ("online", V.ONLINE, "Metro Suburban RLC online", "", "", ""),
    ],
    "metro-boston": [
        ("harbor-view-hospital", V.STATE_HOSPITAL, "Harbor View State Hospital", "85 East Newton Street", "Boston", ""),
        ("pine-street-shelter", V.SHELTER, "South End Guest House", "30 Pine Street", "Boston", ""),
        ("cambridge-library", V.LIBRARY, "Central Square Branch Library", "450 Massachusetts Avenue", "Cambridge", "Elevator to every floor."),
        ("st-peters-dorchester", V.CHURCH, "St. Peter's Church, community room", "310 Bowdoin Street", "Dorchester", "Side entrance has a ramp."),
        ("peer-center", V.PEER_CENTER, "Boston Peer Community Center", "200 Tremont Street", "Boston", "Step-free; two blocks from the Orange Line."),
        ("online", V.ONLINE, "Metro Boston RLC online", "", "", ""),
    ],
    "southeast": [
        ("three-rivers-hospital", V.STATE_HOSPITAL, "Three Rivers State Hospital", "60 Hodges Avenue", "Taunton", ""),
        ("main-street-shelter", V.SHELTER, "Brockton Main Street Shelter", "150 Main Street", "Brockton", ""),
        ("fall-river-library", V.LIBRARY, "Fall River Community Library", "104 North Main Street", "Fall River", "Elevator from the Bedford Street entrance."),
        ("our-lady-new-bedford", V.CHURCH, "Our Lady of the Harbor, church hall", "233 County Street", "New Bedford", "Ramp at the front door."),
        ("peer-center", V.PEER_CENTER, "Brockton Peer Connections Center", "40 Main Street", "Brockton", "Step-free; accessible restroom."),
        ("online", V.ONLINE, "Southeast RLC online", "", "", ""),
    ],
    "northeast": [
        ("merrimack-hospital", V.STATE_HOSPITAL, "Merrimack Valley State Hospital", "1 Riverside Road", "Tewksbury", ""),
        ("lawrence-shelter", V.SHELTER, "Essex Street Shelter", "77 Essex Street", "Lawrence", ""),
        ("pollard-branch", V.LIBRARY, "Pawtucketville Branch Library", "220 Mammoth Road", "Lowell", "Step-free entrance."),
        ("grace-church-lawrence", V.CHURCH, "Grace Church, lower hall", "35 Jackson Street", "Lawrence", "Lift to the lower hall."),
        ("peer-center", V.PEER_CENTER, "Lynn Peer Wellness Center", "90 Exchange Street", "Lynn", "Step-free; near the Lynn bus station."),
        ("online", V.ONLINE, "Northeast RLC online", "", "", ""),
    ],
    "western": [
        ("connecticut-valley-hospital", V.STATE_HOSPITAL, "Connecticut Valley State Hospital", "1 Prince Street", "Northampton", ""),
        ("springfield-shelter", V.SHELTER, "Worthington Street Shelter", "120 Worthington Street", "Springfield", ""),
        ("forbes-branch", V.LIBRARY, "Florence Branch Library", "20 Pine Street", "Northampton", "Step-free; accessible restroom."),
        ("berkshire-library", V.LIBRARY, "Berkshire Community Library", "1 Wendell Avenue", "Pittsfield", "Elevator to the program room."),
        ("st-pauls-springfield", V.CHURCH, "St. Paul's Church, basement hall", "50 State Street", "Springfield", "Lift to the basement hall."),
        ("peer-center", V.PEER_CENTER, "Holyoke Peer Center", "300 High Street", "Holyoke", "Step-free; on the bus line."),
        ("online", V.ONLINE, "Western Mass RLC online", "", "", ""),
    ],
}
# fmt: on

# Each language the migrations add, named in itself: the data migration's own table.
LANGUAGE_NAMES_LOCAL = import_module("groups.migrations.0011_language_name_local").NAMES_LOCAL

# Facilitator n signs in as facilitator<n>@example.org: (first name, last name, region slugs).
FACILITATORS = [
    ("Maria", "Santos", ["central"]),
    ("James", "O'Connor", ["central", "metro-suburban"]),
    ("Linh", "Nguyen", ["central"]),
    ("Kwame", "Mensah", ["central"]),
    ("Sarah", "Goldberg", ["central", "western"]),
    ("Luis", "Rivera", ["central"]),
    ("Dana", "Kowalski", ["central"]),
    ("Priya", "Raman", ["metro-suburban"]),
    ("Thiago", "Oliveira", ["metro-suburban"]),
    ("Mary Ann", "Sullivan", ["metro-suburban"]),
    ("Marcus", "Johnson", ["metro-suburban", "metro-boston"]),
    ("Rachel", "Cohen", ["metro-suburban"]),
    ("Ana Paula", "Ferreira", ["metro-suburban", "southeast"]),
    ("Jean-Baptiste", "Pierre", ["metro-boston", "southeast"]),
    ("Tanisha", "Williams", ["metro-boston"]),
    ("Kevin", "Tran", ["metro-boston"]),
    ("Carmen", "Díaz", ["metro-boston"]),
    ("Patrick", "Murphy", ["metro-boston"]),
    ("Aisha", "Mohamed", ["metro-boston"]),
    ("Wei", "Chen", ["metro-boston", "metro-suburban"]),
    ("Manuel", "Fontes", ["southeast"]),
    ("Fernanda", "Costa", ["southeast"]),
    ("Denise", "Medeiros", ["southeast"]),
    ("Jorge", "Pacheco", ["southeast"]),
    ("Rose", "Joseph", ["southeast", "metro-boston"]),
    ("Brian", "Walsh", ["southeast"]),
    ("Keisha", "Brown", ["southeast"]),
    ("Sophea", "Chhim", ["northeast"]),
    ("Rafael", "Peña", ["northeast"]),
    ("Yesenia", "Morales", ["northeast"]),
    ("Michael", "Doherty", ["northeast"]),
    ("Dara", "Keo", ["northeast"]),
    ("Jennifer", "Lopes", ["northeast", "metro-suburban"]),
    ("Samuel", "Okafor", ["northeast"]),
    ("Elena", "Vásquez", ["western"]),
    ("Nathan", "Bergeron", ["western"]),
    ("Gloria", "Rosario", ["western"]),
    ("Emily", "Carpenter", ["western", "central"]),
    ("Jamal", "Harris", ["western"]),
    ("Olena", "Kovalenko", ["western"]),
]

DROP_IN = "Just drop in. No sign-up, no referral and no cost."
CALL_FIRST = "Call or email the RLC first and a facilitator will say hello before you come."
ON_THE_UNIT = "Ask the unit staff; the group meets in the unit's day room."

# Title -> what every group of that title shares. Optional: "weeks_ago" (when a recurring group
# began, default 17) and "ends_in_weeks" (a series with a last session).
GROUP_TYPES = {
    "Peer Support Group": {
        "kind": K.SELF_HELP,
        "description": "A relaxed circle where we share what is going on in our lives and listen "
        "to each other. Come as you are; you can talk or just listen.",
        "how_to_join": DROP_IN,
    },
    "Drop-In Peer Support": {
        "kind": K.SELF_HELP,
        "description": "An informal hour to talk with peers over coffee. Come for five minutes "
        "or stay the whole time.",
        "how_to_join": "Open to guests and neighbours; sign in at the front desk.",
    },
    "Hearing Voices Group": {
        "kind": K.SELF_HELP,
        "audience": A.PEERS,
        "description": "A space for people who hear voices, see visions or have other unusual "
        "experiences to talk about them openly, without judgement, and share what helps.",
        "how_to_join": DROP_IN,
        "resources": "Hearing Voices Network approach.",
    },
    "WRAP Group": {
        "kind": K.CLASS,
        "description": "Over eight weeks we each put together a Wellness Recovery Action Plan: "
        "what keeps us well, the early signs that things are slipping, and what we would like "
        "others to do. Bring a notebook; everything else is provided.",
        "how_to_join": "Call the RLC to save a seat; newcomers are welcome in the first three "
        "weeks.",
        "resources": "Wellness Recovery Action Plan (WRAP).",
        "weeks_ago": 3,
        "ends_in_weeks": 5,
    },
    "Alternatives to Suicide": {
        "kind": K.SELF_HELP,
        "audience": A.PEERS,
        "description": "An honest conversation about wanting to give up, with people who have "
        "felt it too. Nobody will rush you or tell you what to do.",
        "how_to_join": CALL_FIRST,
        "resources": "Alternatives to Suicide approach.",
    },
    "Men's Peer Support": {
        "kind": K.SELF_HELP,
        "audience": A.PEERS,
        "description": "Men supporting men: talk about work, family, stress and whatever else is "
        "on your mind, with people who get it.",
        "how_to_join": DROP_IN,
    },
    "Women's Circle": {
        "kind": K.SELF_HELP,
        "audience": A.PEERS,
        "description": "A circle for women, trans and cis, and anyone who feels at home in a "
        "women's space, to share, listen and lift each other up.",
        "how_to_join": DROP_IN,
    },
    "LGBTQ+ Peer Support": {
        "kind": K.SELF_HELP,
        "audience": A.PEERS,
        "description": "A welcoming group for lesbian, gay, bisexual, trans, queer and "
        "questioning people to connect and support each other.",
        "how_to_join": DROP_IN,
    },
    "Young Adult Peer Support": {
        "kind": K.SELF_HELP,
        "audience": A.PEERS,
        "description": "For people aged 18 to 30 to hang out, talk about what's going on and "
        "back each other up.",
        "how_to_join": DROP_IN,
    },
    "Deaf and Hard of Hearing Peer Support": {
        "kind": K.SELF_HELP,
        "description": "Peer support held in American Sign Language, for Deaf and hard of "
        "hearing people and anyone who signs.",
        "how_to_join": "Drop in, or text the RLC if you would like to meet a facilitator first.",
    },
    "Grupo de Apoyo entre Pares": {
        "kind": K.SELF_HELP,
        "description": "Un espacio en español para compartir, escuchar y apoyarnos unos a "
        "otros. Venga tal como es; puede hablar o solo escuchar.",
        "how_to_join": "Venga sin cita. Es gratis.",
    },
    "Grupo de Apoio": {
        "kind": K.SELF_HELP,
        "description": "Um espaço em português para conversar, ouvir e apoiar uns aos outros. "
        "Venha como você é; pode falar ou apenas ouvir.",
        "how_to_join": "Venha sem marcar. É gratuito.",
    },
    "Peer Support in Haitian Creole": {
        "kind": K.SELF_HELP,
        "description": "A peer support group held in Haitian Creole. Come to talk, listen and "
        "meet neighbours who understand.",
        "how_to_join": DROP_IN,
    },
    "Peer Support in Cape Verdean Creole": {
        "kind": K.SELF_HELP,
        "description": "A peer support group held in Cape Verdean Creole, with English when it "
        "helps. Everyone is welcome.",
        "how_to_join": DROP_IN,
    },
    "Peer Support in Vietnamese": {
        "kind": K.SELF_HELP,
        "description": "A peer support group held in Vietnamese, with tea and time to talk.",
        "how_to_join": DROP_IN,
    },
    "Peer Support in Khmer": {
        "kind": K.SELF_HELP,
        "description": "A peer support group held in Khmer, with English when it helps. Families "
        "and friends are welcome too.",
        "how_to_join": DROP_IN,
    },
    "Creative Expression": {
        "kind": K.SOCIAL,
        "description": "Drawing, collage, writing and music: we make things together and talk "
        "while we do. No experience needed; supplies are provided.",
        "how_to_join": DROP_IN,
    },
    "Recovery Dialogues": {
        "kind": K.OTHER,
        "description": "Open conversations about recovery, community and what helps, on a topic "
        "the group chooses each time.",
        "how_to_join": DROP_IN,
    },
    "Walking Group": {
        "kind": K.SOCIAL,
        "description": "An easy-paced walk and talk. We meet at the front door and go at the "
        "speed of the slowest walker.",
        "how_to_join": "Meet at the front door; wear comfortable shoes.",
        "weeks_ago": 6,
        "ends_in_weeks": 10,
    },
    "Wellness Coffee Hour": {
        "kind": K.SOCIAL,
        "description": "Coffee, tea, snacks and good company: a low-key way to meet people and "
        "hear what else is going on at the RLC.",
        "how_to_join": DROP_IN,
    },
    "Peer Worker Support Group": {
        "kind": K.PEER_WORKER_SUPPORT,
        "audience": A.PEER_WORKERS,
        "description": "For peer specialists, recovery coaches and other peer workers: a "
        "confidential space to talk about the work, share what's hard and look after "
        "ourselves.",
        "how_to_join": "For peer workers only. Email the RLC to get the details.",
    },
    "Peer Support 101": {
        "kind": K.CLASS,
        "description": "A three-hour introduction to peer support: what it is, how it differs "
        "from other kinds of help, and how to listen and share as equals. Lunch provided.",
        "how_to_join": "Free, but space is limited: register on this page, or call the RLC.",
        "seats": 20,
    },
    "Peer Facilitator Training": {
        "kind": K.CLASS,
        "audience": A.PEERS,
        "description": "A one-day training for people who would like to start or co-facilitate "
        "a peer support group: holding space, sharing the room, and looking after yourself.",
        "how_to_join": "Call or email the RLC to apply; we will talk with you first.",
    },
    "Peer Support on the Unit": {
        "kind": K.SELF_HELP,
        "audience": A.HOSPITAL_PATIENTS,
        "is_public": False,
        "description": "A peer-led group for anyone staying at the hospital: a chance to talk "
        "with people who have been there too.",
        "how_to_join": ON_THE_UNIT,
    },
    "Hearing Voices on the Unit": {
        "kind": K.SELF_HELP,
        "audience": A.HOSPITAL_PATIENTS,
        "is_public": False,
        "description": "A Hearing Voices group for anyone staying at the hospital who hears "
        "voices or has other unusual experiences.",
        "how_to_join": ON_THE_UNIT,
        "resources": "Hearing Voices Network approach.",
    },
}

# fmt: off
# region slug -> groups: title, venue key, schedule, start time, minutes, languages, access
# features, team (facilitator numbers, lead first).
GROUPS = {
    "central": [
        ("Peer Support Group", "peer-center", "WEEKLY;BYDAY=MO,WE,FR", "10:00", 90, "en", "wheelchair transit", (1, 4)),
        ("Hearing Voices Group", "peer-center", "WEEKLY;BYDAY=TU", "18:00", 90, "en", "wheelchair transit", (7, 3)),
        ("WRAP Group", "rollstone-library", "WEEKLY;BYDAY=TH", "13:00", 120, "en", "wheelchair parking", (5,)),
        ("Alternatives to Suicide", "first-parish-leominster", "WEEKLY;INTERVAL=2;BYDAY=WE", "18:30", 90, "en", "parking", (2, 7)),
        ("Grupo de Apoyo entre Pares", "first-parish-leominster", "WEEKLY;BYDAY=SA", "11:00", 90, "es en", "parking", (6, 1)),
        ("Peer Worker Support Group", "online", "MONTHLY;BYDAY=2TU,4TU", "12:00", 60, "en", "online", (4,)),
        ("Peer Support on the Unit", "wachusett-hospital", "WEEKLY;BYDAY=MO,TH", "14:00", 60, "en", "wheelchair", (3, 2)),
        ("Wellness Coffee Hour", "crossroads-shelter", "WEEKLY;BYDAY=FR", "09:30", 60, "en es", "", (6,)),
        ("Creative Expression", "peer-center", "MONTHLY;BYDAY=-1SA", "13:00", 120, "en", "wheelchair", (38,)),
        ("Peer Support 101", "peer-center", 16, "10:00", 180, "en", "wheelchair transit", (1, 5)),
        ("Recovery Dialogues", "online", "WEEKLY;BYDAY=SU", "19:00", 60, "en", "online", (2,)),
    ],
    "metro-suburban": [
        ("Peer Support Group", "peer-center", "WEEKLY;BYDAY=TU,TH", "11:00", 90, "en", "wheelchair transit", (10, 8)),
        ("Deaf and Hard of Hearing Peer Support", "thomas-crane-branch", "WEEKLY;INTERVAL=2;BYDAY=MO", "18:00", 90, "ase en", "asl hearing-loop wheelchair", (12,)),
        ("Women's Circle", "st-marks-framingham", "WEEKLY;BYDAY=WE", "18:30", 90, "en", "wheelchair fragrance-free", (10, 13)),
        ("Men's Peer Support", "thomas-crane-branch", "MONTHLY;BYDAY=1MO,3MO", "18:30", 90, "en", "wheelchair transit", (2, 11)),
        ("Grupo de Apoio", "peer-center", "WEEKLY;BYDAY=SA", "10:30", 90, "pt", "wheelchair transit", (9, 13)),
        ("Walking Group", "peer-center", "WEEKLY;BYDAY=WE", "10:00", 60, "en", "transit", (33,)),
        ("Peer Support on the Unit", "charles-river-hospital", "WEEKLY;BYDAY=TU,FR", "15:00", 60, "en", "wheelchair", (8, 20)),
        ("Drop-In Peer Support", "harbor-house", "WEEKLY;BYDAY=MO", "16:00", 60, "en", "", (11,)),
        ("Peer Worker Support Group", "online", "MONTHLY;BYDAY=-1TH", "17:30", 90, "en", "online", (12,)),
        ("Peer Facilitator Training", "peer-center", 30, "09:30", 360, "en", "wheelchair parking", (10, 9)),
        ("LGBTQ+ Peer Support", "online", "WEEKLY;INTERVAL=2;BYDAY=TH", "19:00", 90, "en", "online", (20, 33)),
    ],
    "metro-boston": [
        ("Hearing Voices Group", "peer-center", "WEEKLY;BYDAY=WE", "17:30", 90, "en", "wheelchair transit", (15, 18)),
        ("LGBTQ+ Peer Support", "cambridge-library", "WEEKLY;BYDAY=TU", "18:00", 90, "en", "wheelchair transit", (19, 17)),
        ("Peer Support in Vietnamese", "st-peters-dorchester", "MONTHLY;BYDAY=1SU,3SU", "13:00", 90, "vi", "wheelchair transit", (16,)),
        ("Peer Support in Haitian Creole", "st-peters-dorchester", "WEEKLY;BYDAY=SA", "14:00", 90, "ht", "wheelchair transit", (14, 25)),
        ("Alternatives to Suicide", "peer-center", "WEEKLY;BYDAY=MO,TH", "18:00", 90, "en", "wheelchair transit", (18, 15)),
        ("Young Adult Peer Support", "peer-center", "WEEKLY;INTERVAL=2;BYDAY=FR", "16:00", 90, "en es", "wheelchair transit", (19,)),
        ("Hearing Voices on the Unit", "harbor-view-hospital", "WEEKLY;BYDAY=WE", "14:00", 60, "en", "wheelchair", (15, 11)),
        ("Peer Support Group", "pine-street-shelter", "WEEKLY;BYDAY=MO,WE,FR", "13:00", 60, "en es", "transit", (17, 14)),
        ("Peer Worker Support Group", "online", "WEEKLY;INTERVAL=2;BYDAY=TU", "12:00", 60, "en", "online", (11,)),
        ("Peer Support 101", "cambridge-library", 23, "13:00", 180, "en", "wheelchair transit", (18, 20)),
        ("Wellness Coffee Hour", "online", "WEEKLY;BYDAY=SU", "10:00", 60, "en", "online", (20,)),
    ],
    "southeast": [
        ("Peer Support Group", "peer-center", "WEEKLY;BYDAY=MO,WE,FR", "10:30", 90, "en", "wheelchair parking", (27, 26)),
        ("Peer Support in Cape Verdean Creole", "peer-center", "WEEKLY;BYDAY=TH", "17:00", 90, "kea en", "wheelchair parking", (21,)),
        ("Grupo de Apoio", "our-lady-new-bedford", "WEEKLY;BYDAY=TU", "18:00", 90, "pt", "wheelchair parking", (22, 23)),
        ("Grupo de Apoyo entre Pares", "fall-river-library", "WEEKLY;INTERVAL=2;BYDAY=WE", "17:30", 90, "es", "wheelchair", (24,)),
        ("WRAP Group", "fall-river-library", "WEEKLY;BYDAY=MO", "13:00", 120, "en pt", "wheelchair", (23,)),
        ("Peer Support on the Unit", "three-rivers-hospital", "WEEKLY;BYDAY=TU,TH", "10:00", 60, "en pt", "wheelchair", (26, 27)),
        ("Wellness Coffee Hour", "main-street-shelter", "WEEKLY;BYDAY=WE", "09:00", 60, "en kea", "", (25,)),
        ("Men's Peer Support", "our-lady-new-bedford", "MONTHLY;BYDAY=2TH,4TH", "18:30", 90, "en", "parking", (24, 21)),
        ("Peer Worker Support Group", "online", "MONTHLY;BYDAY=1WE,3WE", "12:00", 60, "en", "online", (13,)),
        ("Creative Expression", "peer-center", "WEEKLY;INTERVAL=2;BYDAY=SA", "11:00", 120, "en pt", "wheelchair parking", (22,)),
        ("Peer Facilitator Training", "peer-center", 37, "09:00", 360, "en", "wheelchair parking", (27, 14)),
    ],
    "northeast": [
        ("Peer Support Group", "peer-center", "WEEKLY;BYDAY=TU,TH", "13:00", 90, "en", "wheelchair transit", (31, 34)),
        ("Peer Support in Khmer", "pollard-branch", "WEEKLY;BYDAY=SA", "11:00", 90, "km en", "wheelchair parking", (28, 32)),
        ("Grupo de Apoyo entre Pares", "grace-church-lawrence", "WEEKLY;BYDAY=TH", "18:00", 90, "es", "wheelchair", (29, 30)),
        ("Hearing Voices Group", "pollard-branch", "WEEKLY;INTERVAL=2;BYDAY=MO", "17:30", 90, "en", "wheelchair parking", (34,)),
        ("Women's Circle", "peer-center", "WEEKLY;BYDAY=WE", "11:00", 90, "en es", "wheelchair transit fragrance-free", (30, 33)),
        ("Peer Support on the Unit", "merrimack-hospital", "WEEKLY;BYDAY=MO,WE,FR", "14:30", 60, "en", "wheelchair", (31, 32)),
        ("Drop-In Peer Support", "lawrence-shelter", "WEEKLY;BYDAY=TU", "18:00", 60, "es en", "", (29,)),
        ("Peer Worker Support Group", "online", "MONTHLY;BYDAY=2MO,4MO", "12:00", 60, "en", "online", (33,)),
        ("Walking Group", "peer-center", "WEEKLY;BYDAY=SA", "09:30", 60, "en", "transit", (32,)),
        ("Recovery Dialogues", "grace-church-lawrence", "MONTHLY;BYDAY=-1WE", "18:30", 90, "en es", "wheelchair", (28,)),
        ("Peer Support 101", "peer-center", 20, "10:00", 180, "en", "wheelchair transit", (34, 31)),
    ],
    "western": [
        ("Hearing Voices Group", "peer-center", "WEEKLY;BYDAY=TH", "17:00", 90, "en", "wheelchair transit", (36, 40)),
        ("Alternatives to Suicide", "peer-center", "WEEKLY;BYDAY=TU", "18:00", 90, "en", "wheelchair transit", (39, 35)),
        ("Grupo de Apoyo entre Pares", "st-pauls-springfield", "WEEKLY;BYDAY=MO,WE", "17:30", 90, "es en", "parking", (37, 35)),
        ("LGBTQ+ Peer Support", "forbes-branch", "WEEKLY;INTERVAL=2;BYDAY=WE", "18:00", 90, "en", "wheelchair parking", (38,)),
        ("Creative Expression", "berkshire-library", "WEEKLY;BYDAY=FR", "14:00", 120, "en", "wheelchair parking", (40,)),
        ("Peer Support on the Unit", "connecticut-valley-hospital", "WEEKLY;BYDAY=TU,FR", "13:30", 60, "en", "wheelchair", (36, 5)),
        ("Drop-In Peer Support", "springfield-shelter", "WEEKLY;BYDAY=MO,WE,FR", "16:30", 60, "en es", "", (37,)),
        ("Peer Worker Support Group", "online", "MONTHLY;BYDAY=-1FR", "12:00", 90, "en", "online", (5,)),
        ("Men's Peer Support", "st-pauls-springfield", "WEEKLY;INTERVAL=2;BYDAY=TH", "18:30", 90, "en", "parking", (39,)),
        ("Peer Facilitator Training", "peer-center", 27, "09:00", 360, "en", "wheelchair transit", (35, 38)),
        ("Wellness Coffee Hour", "online", "WEEKLY;BYDAY=SA", "10:00", 60, "en", "online", (40,)),
    ],
}

# Within the next eight weeks: group slug, which upcoming session (0 = the next), public note,
# private note.
CANCELLATIONS = [
    ("central-hearing-voices-group", 1, "Facilitator away; back next week", "Dana is at a Hearing Voices gathering and Linh can't cover alone."),
    ("metro-suburban-womens-circle", 2, "Closed this week: the church hall is in use", "The parish double-booked the hall for their fair."),
    ("metro-boston-alternatives-to-suicide", 3, "No group today; see you at the next one", "Peer center closes early for the all-staff meeting."),
    ("southeast-grupo-de-apoio", 0, "Não há grupo esta semana; até a próxima!", "Fernanda and Denise are both at the facilitator training."),
    ("northeast-peer-support-group", 4, "No group today: the peer center is closed for repairs", "Floors being refinished; Michael will remind the regulars."),
    ("western-drop-in-peer-support", 2, "No group today: the shelter is closed to visitors", "Shelter is short-staffed that day; back at the next session."),
]
# fmt: on

# One session moved to another time and venue of the same region.
MOVE = {
    "group": "metro-boston-lgbtq-peer-support",
    "session": 1,
    "new_start_time": dt.time(19, 0),
    "new_venue": "metro-boston-peer-center",
    "public_note": "This week only: we meet in the community room at 7 pm",
    "private_note": "The library closes early that day for staff training.",
}


def first_meeting(rule: recurrence.Rule, on_or_after: dt.date) -> dt.date:
    """The first day on or after ``on_or_after`` that ``rule`` meets, counting from that day."""
    start = dt.datetime.combine(on_or_after, dt.time())
    return rule.to_dateutil_rrule(dtstart=start).after(start, inc=True).date()


def seed_demo(*, today: dt.date) -> dict:
    """Load whatever of the demo network is missing; return how many of each thing it created.

    Anything already there (looked up by slug or email) is left alone, and session changes are
    made only for groups created in this run, so a second run creates nothing.
    """
    User = get_user_model()
    created = dict.fromkeys(
        ("regions", "venues", "users", "facilitators", "groups", "cancelled", "moved"), 0
    )
    new_users = []

    def count_user(user):
        new_users.append(user.pk)
        created["users"] += 1
        return user

    if not User.objects.filter(email=ADMIN_EMAIL).exists():
        count_user(User.objects.create_superuser(ADMIN_EMAIL, first_name="Demo", last_name="Admin"))

    regions, venues = {}, {}
    for slug, name, phone, address, description in REGIONS:
        region = Region.objects.filter(slug=slug).first()
        if region is None:
            region = region_create(
                slug=slug,
                name=name,
                phone=phone,
                address=address,
                description=description,
                email=f"{slug}@example.org",
                website=f"https://example.org/rlc/{slug}",
                timezone=TIMEZONE,
            )
            created["regions"] += 1
        regions[slug] = region
        email = f"coordinator.{slug}@example.org"
        if not User.objects.filter(email=email).exists():
            user = User.objects.create_user(email, first_name="Demo", last_name="Coordinator")
            coordinator_add(user=count_user(user), region=region)
        for key, kind, venue_name, street, town, notes in VENUES[slug]:
            venue_slug = f"{slug}-{key}"
            venue = Venue.objects.filter(slug=venue_slug).first()
            if venue is None:
                venue = venue_create(
                    region=region,
                    slug=venue_slug,
                    name=venue_name,
                    kind=kind,
                    address=street,
                    town=town,
                    accessibility_notes=notes,
                    address_is_public=kind not in (V.STATE_HOSPITAL, V.SHELTER),
                    join_details=JOIN_ONLINE if kind == V.ONLINE else "",
                )
                created["venues"] += 1
            venues[venue_slug] = venue

    facilitators = {}
    for number, (first_name, last_name, region_slugs) in enumerate(FACILITATORS, start=1):
        email = f"facilitator{number}@example.org"
        profile = FacilitatorProfile.objects.filter(user__email=email).first()
        if profile is None and not User.objects.filter(email=email).exists():
            profile = facilitator_create(
                email=email,
                first_name=first_name,
                last_name=last_name,
                regions=[regions[slug] for slug in region_slugs],
            )
            count_user(profile.user)
            created["facilitators"] += 1
        facilitators[number] = profile

    # One hash for all the new demo sign-ins: hashing ~50 passwords one by one takes seconds.
    User.objects.filter(pk__in=new_users).update(password=make_password(DEMO_PASSWORD))

    # The languages' own names (the migration's, put back when a test's flush removed them).
    for code, name_local in LANGUAGE_NAMES_LOCAL.items():
        Language.objects.filter(code=code, name_local="").update(name_local=name_local)
    languages = {language.code: language for language in Language.objects.all()}
    features = {feature.slug: feature for feature in AccessFeature.objects.all()}
    new_groups = {}
    for region_slug, rows in GROUPS.items():
        for title, venue_key, schedule, start, minutes, langs, access, team in rows:
            slug = f"{region_slug}-{slugify(title)}"
            if Group.objects.filter(slug=slug).exists():
                continue
            fields = dict(GROUP_TYPES[title])
            weeks_ago, ends_in_weeks = fields.pop("weeks_ago", 17), fields.pop("ends_in_weeks", 0)
            if isinstance(schedule, int):  # a one-off event, that many days from today
                rules, start_date = recurrence.Recurrence(), today + dt.timedelta(days=schedule)
            else:
                rules = recurrence.deserialize(f"RRULE:FREQ={schedule}")
                start_date = first_meeting(rules.rrules[0], today - dt.timedelta(weeks=weeks_ago))
            members = [facilitators[number] for number in team]
            new_groups[slug] = group_create(
                title=title,
                slug=slug,
                region=regions[region_slug],
                venue=venues[f"{region_slug}-{venue_key}"],
                recurrences=rules,
                start_date=start_date,
                start_time=dt.time.fromisoformat(start),
                duration_minutes=minutes,
                end_date=today + dt.timedelta(weeks=ends_in_weeks) if ends_in_weeks else None,
                # Confirmed at different times; about a third are due for a "still running".
                last_confirmed_on=today - dt.timedelta(days=(11 * len(new_groups)) % 135),
                languages=[languages[code] for code in langs.split()],
                access_features=[features[feature] for feature in access.split()],
                facilitators=[
                    (profile, LEAD if position == 0 else CO)
                    for position, profile in enumerate(members)
                    if profile is not None
                ],
                **fields,
            )
            created["groups"] += 1

    def upcoming(group, index):
        return group.schedule.session_dates(today, today + CHANGE_WINDOW)[index]

    for slug, index, public_note, private_note in CANCELLATIONS:
        if group := new_groups.get(slug):
            session_cancel(
                group=group,
                original_date=upcoming(group, index),
                public_note=public_note,
                private_note=private_note,
                notify=False,
            )
            created["cancelled"] += 1
    if group := new_groups.get(MOVE["group"]):
        session_move(
            group=group,
            original_date=upcoming(group, MOVE["session"]),
            new_start_time=MOVE["new_start_time"],
            new_venue=venues[MOVE["new_venue"]],
            public_note=MOVE["public_note"],
            private_note=MOVE["private_note"],
            notify=False,
        )
        created["moved"] += 1
    return created
