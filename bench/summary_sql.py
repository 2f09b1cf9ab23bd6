#!/usr/bin/env python3
"""The baseline of bench/report_national.sh: the summary report's figures counted by bare SQL
on the source tables (cases, incidents, referrals, institutions, orders, meetings, trainings),
as the report's own SQL counted them before the rollups of migration 024, in the sqlite3
library with nothing else around: no HTTP, no audit, no JSON. Prints the seconds the whole
set took (the best of RUNS).

    bench/summary_sql.py DB [--from 2026-01-01] [--to 2026-12-31] [--municipality ID]
                         [--runs 2]
"""

import argparse
import datetime as dt
import sqlite3
import time

SCOPE = (" JOIN mechanisms m ON m.id = c.mechanism_id WHERE (:mech = 0 OR c.mechanism_id = "
         ":mech) AND (:muni = 0 OR m.municipality_id = :muni) ")
CASES = " FROM cases c" + SCOPE + "AND c.created_at >= :f AND c.created_at < :t "
REFERRALS = (" FROM referrals f JOIN cases c ON c.id = f.case_id" + SCOPE +
             "AND f.created_at >= :f AND f.created_at < :t ")
REFERRALS_TO = (" FROM referrals f JOIN cases c ON c.id = f.case_id JOIN institutions i ON "
                "i.id = f.to_institution_id" + SCOPE +
                "AND f.created_at >= :f AND f.created_at < :t ")
ORDERS = (" FROM protection_orders o JOIN cases c ON c.id = o.case_id" + SCOPE +
          "AND o.created_at >= :f AND o.created_at < :t ")
LATE = ("((f.responded_at IS NOT NULL AND f.responded_at > f.respond_by) OR "
        "(f.responded_at IS NULL AND f.status = 'sent' AND f.respond_by < :now))")
ACCEPTED = "f.status IN ('accepted', 'in_progress', 'completed')"
TRAININGS = (" FROM trainings t LEFT JOIN mechanisms m ON m.id = t.mechanism_id {} WHERE "
             "(:mech = 0 OR t.mechanism_id = :mech) AND (:muni = 0 OR m.municipality_id = "
             ":muni) AND t.starts_on >= :fd AND t.starts_on < :td ")
PARTICIPANTS = "JOIN training_participants p ON p.training_id = t.id"


def per_column(select, source, where_by_column, group):
    return " UNION ALL ".join(f"SELECT {select}, {k}, count(*){source}{w} GROUP BY {group}"
                              for k, w in enumerate(where_by_column))


QUERIES = [
    "SELECT c.kind, 0, count(*)" + CASES + "GROUP BY c.kind",
    "SELECT v.name, 0, count(*) FROM incidents i JOIN cases c ON c.id = i.case_id JOIN "
    "(SELECT 'physical' AS name UNION ALL SELECT 'psychological' UNION ALL SELECT 'sexual' "
    "UNION ALL SELECT 'economic' UNION ALL SELECT 'stalking' UNION ALL SELECT 'neglect') v "
    "ON i.forms LIKE '%\"' || v.name || '\"%'" + SCOPE +
    "AND c.created_at >= :f AND c.created_at < :t GROUP BY v.name",
    "SELECT c.risk_level, 0, count(*)" + CASES + "GROUP BY c.risk_level",
    "SELECT coalesce(c.survivor_sex, 'unknown'), CASE WHEN c.survivor_birth_year IS NULL "
    "THEN 6 WHEN :year - c.survivor_birth_year < 18 THEN 0 WHEN :year - c.survivor_birth_year "
    "< 25 THEN 1 WHEN :year - c.survivor_birth_year < 35 THEN 2 WHEN :year - "
    "c.survivor_birth_year < 45 THEN 3 WHEN :year - c.survivor_birth_year < 60 THEN 4 ELSE 5 "
    "END, count(*)" + CASES + "GROUP BY 1, 2",
    "SELECT CASE WHEN c.repeat = 1 THEN 'repeat' ELSE 'first' END, 0, count(*)" + CASES +
    "GROUP BY 1",
    per_column("f.service", REFERRALS, ["", f"AND {ACCEPTED} ", "AND f.status = 'declined' ",
                                        f"AND {LATE} "], "f.service"),
    per_column("i.type", REFERRALS_TO, ["", f"AND {ACCEPTED} ", "AND f.status = 'declined' ",
                                        f"AND {LATE} "], "i.type"),
    per_column("o.type", ORDERS, ["", "AND o.status = 'granted' "], "o.type"),
    "SELECT x.kind, 0, count(*) FROM meetings x JOIN mechanisms m ON m.id = x.mechanism_id "
    "WHERE (:mech = 0 OR x.mechanism_id = :mech) AND (:muni = 0 OR m.municipality_id = :muni) "
    "AND x.status = 'held' AND x.scheduled_at >= :f AND x.scheduled_at < :t GROUP BY x.kind",
    "SELECT 'all', 0, count(*)" + TRAININGS.format("") +
    "UNION ALL SELECT 'all', 1, coalesce(sum(p.women), 0)" + TRAININGS.format(PARTICIPANTS) +
    "UNION ALL SELECT 'all', 2, coalesce(sum(p.men), 0)" + TRAININGS.format(PARTICIPANTS),
    "SELECT coalesce(sum(CASE WHEN f.responded_at IS NOT NULL AND " + ACCEPTED +
    " THEN 1 ELSE 0 END), 0), count(*), coalesce(sum(CASE WHEN " + LATE +
    " THEN 1 ELSE 0 END), 0)" + REFERRALS,
]
RANK = ("SELECT f.responded_at - f.created_at" + REFERRALS + "AND f.responded_at IS NOT NULL "
        "AND " + ACCEPTED + " ORDER BY 1 LIMIT 1 OFFSET :rank")


def epoch(day):
    return int(dt.datetime.combine(day, dt.time(), dt.timezone.utc).timestamp())


def once(db, p):
    accepted = 0
    for q in QUERIES:
        rows = db.execute(q, p).fetchall()
    accepted = rows[0][0]
    if accepted:
        for rank in ((accepted - 1) // 2, (accepted * 9 + 9) // 10 - 1):
            db.execute(RANK, dict(p, rank=rank)).fetchall()


def main():
    a = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    a.add_argument("db")
    a.add_argument("--from", dest="first", default="2026-01-01")
    a.add_argument("--to", dest="last", default="2026-12-31")
    a.add_argument("--municipality", type=int, default=0)
    a.add_argument("--runs", type=int, default=2)
    a = a.parse_args()
    first, last = dt.date.fromisoformat(a.first), dt.date.fromisoformat(a.last)
    end = last + dt.timedelta(days=1)
    p = {"mech": 0, "muni": a.municipality, "f": epoch(first), "t": epoch(end),
         "fd": first.isoformat(), "td": end.isoformat(), "year": first.year,
         "now": int(time.time())}
    db = sqlite3.connect(f"file:{a.db}?mode=ro", uri=True)
    best = None
    for _ in range(a.runs):
        began = time.monotonic()
        once(db, p)
        took = time.monotonic() - began
        best = took if best is None else min(best, took)
    print(f"{best:.3f}")


if __name__ == "__main__":
    main()
