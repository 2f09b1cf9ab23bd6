#!/usr/bin/env python3
"""A national-size Ura database written directly with SQL (not through HTTP), for the
benchmarks of what grows with data: the start (`ura serve` until /readyz), the deadline
scanner and the reports.

    bench/generate.py DB --cases N [--referrals-per-case R] [--attachments K] [--seed S] [--now YYYY-MM-DD]

DB must have been made by `ura init` (its schema and keys); the script adds 61 Albanian and 38
Kosovo municipalities, each with a domestic-violence mechanism of seven member institutions
(two staff each) and a coordinator, then N cases spread over 2023 to --now with the shape of a
real caseload: most closed, most risk standard or medium, reviews due every 3 to 60 days by
risk (some overdue), about 1.3 referrals per case, or R on average with
--referrals-per-case (a closed case's all answered, an open one's mostly, some still `sent`
past their answer time), protection orders for one case in
ten, case-plan actions (an open case's sometimes overdue), one incident and one consent
record per case, five audit entries per case (its creation and four reads, on the hash chain
`ura init` began: `ura audit verify` checks them); with --attachments, K documents on random cases (files of 50 KB to 2 MB in
DB.files/, for `ura migrate-to`). Seeded: the same arguments give the same rows.

A database at migration 024 or later keeps the summary report's rollups by triggers; they are
dropped while the rows go in (row by row they would take most of the time) and put back
after: run `ura reports rebuild --db DB` before reading reports (bench/report_national.sh
does).

The personal parts are stand-ins: random bytes of the sizes real ciphertext has (≈ 820 bytes a
case; an attachment's file: the stream's 24-byte header, then 64 KiB chunks of 17 bytes more),
and random blind indexes. Nothing that counts, scans or starts decrypts them; reading
such a case's personal parts through the API fails, which no benchmark here does.
"""

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import sqlite3
import sys
import time

ALBANIA = 61
KOSOVO = 38
INSTITUTIONS = [("police", ["police_protection"]), ("social_services", ["psychosocial"]),
                ("health", ["medical"]), ("shelter", ["shelter"]), ("legal_aid", ["legal_aid"]),
                ("prosecution", []), ("education", ["education"])]
STAFF_PER_INSTITUTION = 2
FORMS = ["physical", "psychological", "sexual", "economic", "stalking", "neglect"]
SERVICES = ["shelter", "legal_aid", "medical", "psychosocial", "police_protection",
            "housing", "economic_aid", "employment", "education", "child_protection"]
RESPOND_HOURS = {"emergency": 4, "urgent": 24, "routine": 120}
REVIEW_DAYS = {"extreme": 3, "high": 7, "medium": 30, "standard": 60}
DAY = 86400


def weighted(rng, table):
    """A key of `table` ({value: weight}) drawn by weight."""
    return rng.choices(list(table), weights=list(table.values()))[0]


def iso(t):
    return dt.datetime.fromtimestamp(t, dt.timezone.utc).strftime("%Y-%m-%d")


def codes():
    """Three-letter municipality codes, none of them a real one's prefix clash: ZAA, ZAB, …"""
    for a in "ZYXW":
        for b in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
            for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
                yield a + b + c


def directory(db, rng, now):
    """Municipalities, institutions, users, mechanisms; per municipality: (mechanism id,
    institution ids by type, staff ids by institution, its code)."""
    out = []
    code = codes()
    for m in range(ALBANIA + KOSOVO):
        country = "AL" if m < ALBANIA else "XK"
        c = next(code)
        mid = db.execute("INSERT INTO municipalities (name, code, region, country, created_at, "
                         "updated_at) VALUES (?, ?, NULL, ?, ?, ?)",
                         (f"Municipality {c}", c, country, now, now)).lastrowid
        insts, staff = {}, {}
        for kind, services in INSTITUTIONS:
            iid = db.execute("INSERT INTO institutions (name, type, municipality_id, services, "
                             "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                             (f"{kind} {c}", kind, mid, json.dumps(services), now, now)).lastrowid
            insts[kind] = iid
            staff[iid] = [db.execute(
                "INSERT INTO users (username, display_name, password_hash, role, "
                "institution_id, created_at, updated_at) VALUES (?, ?, '!', ?, ?, ?, ?)",
                (f"{kind}{k}.{c.lower()}", f"{kind} {k} {c}", "caseworker" if k else "manager",
                 iid, now, now)).lastrowid for k in range(STAFF_PER_INSTITUTION)]
        coordinator = db.execute(
            "INSERT INTO users (username, display_name, password_hash, role, institution_id, "
            "created_at, updated_at) VALUES (?, ?, '!', 'coordinator', ?, ?, ?)",
            (f"coordinator.{c.lower()}", f"Coordinator {c}", insts["social_services"], now,
             now)).lastrowid
        mech = db.execute("INSERT INTO mechanisms (name, kind, municipality_id, "
                          "coordinator_user_id, created_at, updated_at) VALUES (?, "
                          "'domestic_violence', ?, ?, ?, ?)",
                          (f"Mechanism {c}", mid, coordinator, now, now)).lastrowid
        db.executemany("INSERT INTO mechanism_members (mechanism_id, institution_id, joined_on, "
                       "added_at) VALUES (?, ?, '2023-01-01', ?)",
                       [(mech, iid, now) for iid in insts.values()])
        out.append((mid, mech, insts, staff, c))
    return out


def referral_count(rng, per_case):
    """How many referrals a case has: the default spread (0 to 3, about 1.3), or 0 to 2R
    evenly (R on average)."""
    if per_case is None:
        return rng.choices([0, 1, 2, 3], weights=[20, 40, 30, 10])[0]
    return rng.randint(0, round(2 * per_case))


def case_rows(rng, n, places, start, now, per_case=None):
    """The cases and everything hung on them, as lists of rows per table."""
    cases, incidents, consents, referrals, orders, actions = [], [], [], [], [], []
    counters = {}
    # Big municipalities have more cases: Tirana-like weights, a long tail.
    weights = [1.0 / (1 + i) ** 0.8 for i in range(len(places))]
    for cid in range(1, n + 1):
        mid, mech, insts, staff, code = rng.choices(places, weights=weights)[0]
        created = rng.randint(start, now - DAY)
        year = int(iso(created)[:4])
        counters[(mid, year)] = number = counters.get((mid, year), 0) + 1
        status = weighted(rng, {"closed": 60, "active": 25, "open": 15})
        risk = weighted(rng, {"standard": 45, "medium": 30, "high": 15, "extreme": 3,
                              "unassessed": 7})
        owner = insts[rng.choice(["police", "social_services", "health"])]
        author = rng.choice(staff[owner])
        review = None
        if status != "closed" and risk != "unassessed":
            # the last assessment somewhere in the last two months; overdue when not redone
            review = iso(now - rng.randint(0, 60) * DAY + REVIEW_DAYS[risk] * DAY)
        cases.append((cid, f"{code}-{year}-{number:04d}", mech, owner, status, risk,
                      rng.random() < 0.05, rng.random() < 0.12,
                      weighted(rng, {"female": 82, "male": 16, "other": 1, "unknown": 1}),
                      rng.randint(1940, 2008), rng.randbytes(32), rng.randbytes(32),
                      rng.randbytes(32), rng.randbytes(260), rng.randbytes(180),
                      rng.randbytes(120) if rng.random() < 0.5 else None, rng.randbytes(200),
                      author, created, created + rng.randint(0, 30) * DAY,
                      created + rng.randint(30, 400) * DAY if status == "closed" else None,
                      review))
        incidents.append((cid, iso(created - rng.randint(0, 20) * DAY),
                          json.dumps(rng.sample(FORMS, rng.randint(1, 3))),
                          rng.choice(["home", "home", "home", "public", "online"]),
                          rng.randbytes(rng.randint(80, 600)), author, created))
        consents.append((cid, 1, "written", json.dumps(["police", "social_services"]),
                         json.dumps(["identity", "contact", "incident"]), author, created))
        for _ in range(referral_count(rng, per_case)):
            to = insts[rng.choice(["shelter", "legal_aid", "health", "social_services"])]
            urgency = weighted(rng, {"emergency": 10, "urgent": 30, "routine": 60})
            sent = created + rng.randint(0, 5) * DAY
            # a closed case's referrals were all answered; an open one may wait for its answer
            fstatus = weighted(rng, {"completed": 70, "declined": 20, "cancelled": 10}) \
                if status == "closed" else \
                weighted(rng, {"completed": 25, "accepted": 25, "in_progress": 20,
                               "declined": 8, "cancelled": 4, "sent": 18})
            respond_by = sent + RESPOND_HOURS[urgency] * 3600
            answered = None if fstatus in ("sent", "cancelled") else \
                sent + rng.randint(1, RESPOND_HOURS[urgency] * 2) * 3600
            referrals.append((cid, owner, to, rng.choice(SERVICES), urgency, fstatus,
                              rng.randbytes(90), min(respond_by, now + 5 * DAY), author, sent,
                              answered or sent, answered))
        if rng.random() < 0.10:
            requested = created + rng.randint(0, 10) * DAY
            ostatus = weighted(rng, {"granted": 70, "denied": 30} if status == "closed" else
                               {"granted": 60, "denied": 25, "pending": 15})
            valid_from = iso(requested + 2 * DAY) if ostatus == "granted" else None
            valid_to = iso(requested + rng.randint(30, 700) * DAY) if ostatus == "granted" \
                else None
            orders.append((cid, rng.choice(["immediate", "regular"]), ostatus,
                           iso(requested), insts["prosecution"], requested + 2 * DAY,
                           iso(requested + 2 * DAY) if ostatus != "pending" else None,
                           valid_from, valid_to, author, requested, requested))
        for _ in range(rng.choices([0, 1, 2], weights=[40, 40, 20])[0]):
            astatus = weighted(rng, {"done": 90, "cancelled": 10} if status == "closed" else
                               {"done": 50, "open": 30, "in_progress": 15, "cancelled": 5})
            actions.append((cid, rng.randbytes(60), rng.choice(list(insts.values())),
                            iso(created + rng.randint(7, 120) * DAY), astatus, author, created,
                            created))
    return dict(cases=cases, incidents=incidents, consents=consents, referrals=referrals,
                orders=orders, actions=actions, counters=counters)


def attachments(db, rng, path, k, n_cases, now):
    """K attachments' rows on random cases, each with its file of stand-in ciphertext."""
    files = path + ".files"
    os.makedirs(files, mode=0o700, exist_ok=True)
    chunk, tag = 64 * 1024, 17
    for _ in range(k):
        cid = rng.randint(1, n_cases)
        owner, author = db.execute("SELECT owner_institution_id, created_by FROM cases "
                                   "WHERE id = ?", (cid,)).fetchone()
        size = rng.randint(50_000, 2_000_000)
        file_id = rng.randbytes(16).hex()
        full, last = divmod(size, chunk)
        with open(os.path.join(files, file_id), "wb") as f:
            f.write(rng.randbytes(24))
            for _ in range(full):
                f.write(rng.randbytes(chunk + tag))
            f.write(rng.randbytes(last + tag))
        db.execute("INSERT INTO attachments (parent_type, parent_id, case_id, category, "
                   "institution_id, uploaded_by, content_type, size, file_id, key_wrapped, "
                   "name, created_at) VALUES ('case', ?, ?, 'legal', ?, ?, 'application/pdf', "
                   "?, ?, ?, ?, ?)", (cid, cid, owner, author, size, file_id,
                                      rng.randbytes(72), rng.randbytes(40), now))


INSERTS = {
    "cases": "INSERT INTO cases (id, reference, kind, mechanism_id, owner_institution_id, "
             "status, risk_level, imminent_danger, repeat, survivor_sex, survivor_birth_year, "
             "survivor_index, survivor_name_index, perpetrator_index, identity, contact, "
             "children, perpetrator, created_by, created_at, updated_at, closed_at, "
             "next_review_on) VALUES (?, ?, 'domestic_violence', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
             "?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "incidents": "INSERT INTO incidents (case_id, occurred_on, forms, place, narrative, "
                 "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    "consents": "INSERT INTO consents (case_id, given, method, institution_types, categories, "
                "recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    "referrals": "INSERT INTO referrals (case_id, from_institution_id, to_institution_id, "
                 "service, urgency, status, reason, respond_by, created_by, created_at, "
                 "updated_at, responded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "orders": "INSERT INTO protection_orders (case_id, type, status, requested_on, "
              "court_institution_id, decision_due_at, decided_on, valid_from, valid_to, "
              "created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "actions": "INSERT INTO case_actions (case_id, title, responsible_institution_id, due_on, "
               "status, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
}


# The audit chain as src/audit/audit.c hashes it (BLAKE2b-256, libsodium's generichash):
# a domain tag, the previous entry's hash, then the fields, integers as 8 little-endian bytes
# and texts prefixed by their length.
AUDIT_TAG = b"ura-audit-v1"
AUDIT_PER_CASE = 5  # its creation and four reads: 5 M entries for 1 M cases, as issue 15 asks


def le64(v):
    return (v & 0xFFFFFFFFFFFFFFFF).to_bytes(8, "little")


def text64(s):
    b = s.encode()
    return le64(len(b)) + b


def audit_hash(prev, eid, at, actor, institution, case_id, action, fields, request_id):
    h = hashlib.blake2b(digest_size=32)
    h.update(AUDIT_TAG + prev + le64(eid) + le64(at) + le64(actor) + le64(institution) +
             le64(case_id) + le64(case_id) + text64(action) + text64("case") +
             text64(request_id) + text64(fields))
    return h.digest()


def audit_entries(db, cases):
    """Each case's creation and four reads by its author, in time order, appended to the
    chain `ura init` began (its head moved on), so that `ura audit verify` checks them all."""
    seq, prev = db.execute("SELECT seq, hash FROM audit_head WHERE id = 1").fetchone()
    at = 0

    def rows():
        nonlocal seq, prev, at
        for c in sorted(cases, key=lambda c: c[18]):
            case_id, owner, author, created = c[0], c[3], c[17], c[18]
            for i in range(AUDIT_PER_CASE):
                action, fields = (("case.create", '["survivor","incident"]') if i == 0 else
                                  ("case.read", '["identity","contact","incident","case"]'))
                seq, at = seq + 1, max(at, created + 60 * i)
                request_id = f"g{seq:x}"
                h = audit_hash(prev, seq, at, author, owner, case_id, action, fields, request_id)
                yield (seq, at, author, owner, action, case_id, case_id, request_id, fields,
                       prev, h)
                prev = h

    db.executemany("INSERT INTO audit_log (id, at, actor_user_id, institution_id, action, "
                   "object_type, object_id, case_id, request_id, fields, prev_hash, hash) "
                   "VALUES (?, ?, ?, ?, ?, 'case', ?, ?, ?, ?, ?, ?)", rows())
    db.execute("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", (seq, prev))
    return len(cases) * AUDIT_PER_CASE


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("db")
    p.add_argument("--cases", type=int, required=True)
    p.add_argument("--attachments", type=int, default=0)
    p.add_argument("--referrals-per-case", type=float, default=None,
                   help="referrals per case on average (default: 0 to 3, about 1.3)")
    p.add_argument("--seed", type=int, default=15)
    p.add_argument("--now", default=None, help="the day the data ends (default: today, UTC)")
    a = p.parse_args()
    rng = random.Random(a.seed)
    day = dt.date.fromisoformat(a.now) if a.now else dt.datetime.now(dt.timezone.utc).date()
    now = int(dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.timezone.utc).timestamp())
    start = int(dt.datetime(day.year - 3, 1, 1, tzinfo=dt.timezone.utc).timestamp())
    began = time.monotonic()
    db = sqlite3.connect(a.db, isolation_level=None)
    if db.execute("SELECT count(*) FROM cases").fetchone()[0]:
        sys.exit(f"{a.db} already holds cases: generate into a fresh `ura init` database")
    db.execute("PRAGMA synchronous = OFF")
    db.execute("BEGIN")
    triggers = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND "
                          "name LIKE 'report\\_%' ESCAPE '\\'").fetchall()
    for name, _ in triggers:
        db.execute(f"DROP TRIGGER {name}")
    places = directory(db, rng, now)
    rows = case_rows(rng, a.cases, places, start, now, a.referrals_per_case)
    for table, sql in INSERTS.items():
        db.executemany(sql, rows[table])
    db.executemany("INSERT INTO case_reference_counters (municipality_id, year, last) "
                   "VALUES (?, ?, ?)", [(m, y, n) for (m, y), n in rows["counters"].items()])
    attachments(db, rng, a.db, a.attachments, a.cases, now)
    entries = audit_entries(db, rows["cases"])
    for _, sql in triggers:
        db.execute(sql)
    db.execute("COMMIT")
    db.execute("ANALYZE")
    db.close()
    print(f"{a.db}: {len(places)} municipalities, {a.cases} cases, "
          f"{len(rows['referrals'])} referrals, {len(rows['orders'])} protection orders, "
          f"{len(rows['actions'])} actions, {entries} audit entries, "
          f"{a.attachments} attachments in "
          f"{time.monotonic() - began:.0f} s")
    if triggers:
        print(f"{a.db}: its report rollups are empty: run `ura reports rebuild --db {a.db}`")


if __name__ == "__main__":
    main()
