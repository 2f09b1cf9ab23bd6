"""Values from JSON Schemas: Hypothesis strategies for schema-valid values, and mutations that
make a valid value schema-invalid in one named place.

Only what the document uses is supported: type (one or a list), enum, const, properties,
required, additionalProperties, items, min/maxItems, uniqueItems, min/maxLength, pattern,
format (date, date-time, email), minimum/maximum, allOf, anyOf, oneOf, if/then/else, not.
A generated value is always checked against its schema at the end (`.filter`), so a part
this module renders loosely costs examples, never correctness.

Ids make requests reach real objects: an integer field named `x_id` or `x_ids` (or a path
parameter) draws from the pool of ids of `xs` that the suite's world and earlier answers
filled, most of the time, and from the schema's whole range otherwise.
"""

import datetime as _dt
import json
import re

from hypothesis import strategies as st

INT64_MIN, INT64_MAX = -2 ** 63, 2 ** 63 - 1
# Strings never hold U+0000 (the document says so once, in info.description), nor lone
# surrogates (which UTF-8 cannot carry).
TEXT_CHARS = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
# Dates land mostly around the server's clock (the suite fixes it), so that rules such as
# "not in the future" or "an end not before its start" pass as often as they fail.
NEAR_FROM, NEAR_TO = _dt.date(2024, 1, 1), _dt.date(2027, 12, 31)
FAR_FROM, FAR_TO = _dt.date(1900, 1, 1), _dt.date(2999, 12, 31)


def _plural(word):
    if word.endswith("y") and not word.endswith("ey"):
        return word[:-1] + "ies"
    return word if word.endswith("s") else word + "s"


def pool_names(field_name):
    """Where ids for a field may come from, most specific first: 'to_institution_id' ->
    ['to_institutions', 'institutions'], 'case_ids' -> ['cases'], 'instrument' ->
    ['instruments']."""
    words = re.sub(r"_ids?$", "", field_name).replace("-", "_").split("_")
    return [_plural("_".join(words[i:])) for i in range(len(words))]


def segment_pool(segment):
    """A path segment ('protection-orders') as a pool name ('protection_orders')."""
    return segment.replace("-", "_")


class _Valid:
    """A predicate: valid against one schema (a named function, not a lambda, so that
    Hypothesis does not read source files to describe it)."""

    def __init__(self, document, schema):
        self.d, self.schema = document, schema

    def __call__(self, value):
        return self.d.is_valid(self.schema, value)

    def __repr__(self):
        return "valid"


class Generator:
    def __init__(self, document, pools):
        self.d = document
        self.pools = pools          # name -> list of ids (grows as the suite runs)
        self._made = {}             # (id(schema), name) -> strategy, for document schemas

    # ---- valid values --------------------------------------------------------------------

    def value(self, schema, name=None):
        """A strategy for values valid against `schema`; `name` is the field's name. Made
        once per schema of the document (pools are read when drawing, not when making)."""
        key = (id(schema), name)
        if key not in self._made:
            self._made[key] = self._raw(schema, name, 0).filter(_Valid(self.d, schema))
        return self._made[key]

    def _raw(self, schema, name, depth):
        s = self.d.deref(schema)
        if not isinstance(s, dict) or depth > 12:
            return st.none()
        if "const" in s:
            return st.just(s["const"])
        if "enum" in s:
            return st.sampled_from(s["enum"])
        if "allOf" in s:
            merged = self._merge([s] + [self.d.deref(x) for x in s["allOf"]])
            return self._raw(merged, name, depth + 1)
        for key in ("anyOf", "oneOf"):
            if key in s:
                base = {k: v for k, v in s.items() if k != key}
                return st.one_of([self._raw(self._merge([base, self.d.deref(x)]), name,
                                            depth + 1) for x in s[key]])
        if "if" in s:
            base = {k: v for k, v in s.items() if k not in ("if", "then", "else")}
            parts = [self._merge([base, self.d.deref(s["if"]), self.d.deref(s["then"])])
                     if "then" in s else base, base]
            if "else" in s:
                parts.append(self._merge([base, self.d.deref(s["else"])]))
            return st.one_of([self._raw(p, name, depth + 1) for p in parts])
        types = s.get("type")
        if isinstance(types, list):
            return st.one_of([self._raw(dict(s, type=t), name, depth + 1) for t in types])
        if types is None:
            types = self._guess_type(s)
        return {
            "null": lambda: st.none(),
            "boolean": lambda: st.booleans(),
            "integer": lambda: self._integer(s, name),
            "number": lambda: st.floats(allow_nan=False, allow_infinity=False,
                                        min_value=s.get("minimum"), max_value=s.get("maximum")),
            "string": lambda: self._string(s),
            "array": lambda: self._array(s, name, depth),
            "object": lambda: self._object(s, depth),
        }.get(types, lambda: st.none())()

    @staticmethod
    def _guess_type(s):
        if "properties" in s or "required" in s:
            return "object"
        if "items" in s:
            return "array"
        if "minLength" in s or "pattern" in s or "format" in s:
            return "string"
        return "null"

    def _merge(self, schemas):
        out = {}
        for s in schemas:
            s = self.d.deref(s)
            for k, v in s.items():
                if k == "properties":
                    out.setdefault("properties", {})
                    out["properties"] = dict(out["properties"], **v)
                elif k == "required":
                    out["required"] = sorted(set(out.get("required", [])) | set(v))
                elif k in ("allOf",):
                    continue
                else:
                    out[k] = v
        return out

    def _integer(self, s, name):
        lo = s.get("minimum", INT64_MIN)
        hi = s.get("maximum", INT64_MAX)
        if "exclusiveMinimum" in s:
            lo = max(lo, s["exclusiveMinimum"] + 1)
        if "exclusiveMaximum" in s:
            hi = min(hi, s["exclusiveMaximum"] - 1)
        whole = st.integers(lo, hi)
        small = st.integers(max(lo, -3), min(hi, 100)) if max(lo, -3) <= min(hi, 100) else whole
        ids = self._pool(name)
        if ids is not None:
            return _mixed(ids, small, whole)
        return st.one_of(small, whole)

    def _pool(self, name):
        """Ids of the pool the field names, newest first, read when drawn; None when the
        field names no pool the world has."""
        if name is None:
            return None
        candidates = pool_names(name)
        if not any(c in self.pools for c in candidates):
            return None

        @st.composite
        def pooled(draw):
            ids = next((self.pools[c] for c in candidates if self.pools.get(c)), None)
            if not ids:
                return draw(st.integers(1, 50))
            return ids[-1 - draw(st.integers(0, len(ids) - 1))]
        return pooled()

    def _string(self, s):
        lo, hi = s.get("minLength", 0), s.get("maxLength")
        fmt = s.get("format")
        if fmt == "date":
            return self._date()
        if fmt == "date-time":
            return self._date_time()
        if fmt == "email":
            return st.from_regex(r"\A[a-z]{1,10}@[a-z]{1,10}\.(org|al|net)\Z")
        pattern = s.get("pattern")
        if pattern is not None:
            excluded = re.fullmatch(r"\^\[\^(.*)\]\*\$", pattern)
            if excluded:
                banned = re.compile(f"[{excluded.group(1)}]")
                alphabet = TEXT_CHARS.filter(_Unmatched(banned))
                return st.text(alphabet, min_size=lo, max_size=min(hi or lo + 40, lo + 40))
            return st.from_regex(pattern, fullmatch=True).filter(_Sized(lo, hi))
        top = hi if hi is not None and hi <= lo + 40 else lo + 40
        # Long limits are reached too, cheaply: one draw for the length, not one per character.
        near_max = st.integers(max(lo, hi - 2), hi).map(_filler) \
            if hi is not None and hi > lo + 40 else st.nothing()
        return st.one_of(st.text(TEXT_CHARS, min_size=lo, max_size=top), near_max)

    @staticmethod
    def _date():
        near = st.dates(NEAR_FROM, NEAR_TO)
        return st.one_of(near, near, near, st.dates(FAR_FROM, FAR_TO)).map(_dt.date.isoformat)

    def _date_time(self):
        tz = st.sampled_from(["Z", "Z", "+02:00", "-05:30", "z"])
        frac = st.sampled_from(["", "", ".5", ".123456"])
        return st.tuples(self._date(), st.integers(0, 23), st.integers(0, 59),
                         st.integers(0, 59), frac, tz).map(_date_time_text)

    def _array(self, s, name, depth):
        lo = s.get("minItems", 0)
        hi = min(s.get("maxItems", lo + 4), lo + 4)
        items = s.get("items", {})
        item_name = name[:-1] if name and name.endswith("_ids") else name
        elements = self._raw(items, item_name, depth + 1).filter(_Valid(self.d, items))
        if s.get("uniqueItems"):
            return st.lists(elements, min_size=lo, max_size=hi,
                            unique_by=_canonical)
        return st.lists(elements, min_size=lo, max_size=hi)

    def _object(self, s, depth):
        props = s.get("properties", {})
        required = set(s.get("required", []))
        fields = {}
        for key, sub in props.items():
            strategy = self._raw(sub, key, depth + 1).filter(_Valid(self.d, sub))
            fields[key] = (strategy, key in required)
        extra = s.get("additionalProperties")
        min_props = s.get("minProperties", 0)

        @st.composite
        def build(draw):
            out = {}
            for key, (strategy, needed) in fields.items():
                if needed or draw(st.booleans()):
                    out[key] = draw(strategy)
            if isinstance(extra, dict) and extra:
                keys = draw(st.lists(st.from_regex(r"\A[a-z][a-z0-9_]{0,12}\Z"), max_size=3,
                                     unique=True))
                for k in keys:
                    if k not in props:
                        out[k] = draw(self._raw(extra, k, depth + 1))
            if len(out) < min_props:
                for key, (strategy, _) in fields.items():
                    if len(out) >= min_props:
                        break
                    if key not in out:
                        out[key] = draw(strategy)
            return out
        return build()

    def header(self, schema):
        """A header value: visible ASCII (what HTTP carries), valid against `schema`."""
        return st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7e), min_size=1,
                       max_size=20).filter(_Valid(self.d, schema))

    # ---- invalid values ------------------------------------------------------------------

    def mutations(self, schema, value):
        """Every single change that could make `value` invalid: (path, description, new
        whole value). The caller picks one and keeps it only if it is indeed invalid."""
        out = []
        self._mutate(schema, value, [], lambda v: v, out, 0)
        return out

    def _mutate(self, schema, value, path, rebuild, out, depth):
        s = self.d.deref(schema)
        if not isinstance(s, dict) or depth > 10:
            return
        parts = [s] + [self.d.deref(x) for x in s.get("allOf", [])]
        where = _path_text(path)
        for wrong in (None, True, 7, "text", [], {}, 1.5):
            if not self.d.is_valid(s, wrong):
                out.append((where, f"wrong type {json.dumps(wrong)}", rebuild(wrong)))
        for p in parts:
            self._mutate_leaf(p, value, where, rebuild, out)
        if isinstance(value, dict):
            props, required, closed = {}, set(), False
            for p in self._applicable(s, value):
                props.update(p.get("properties", {}))
                required |= set(p.get("required", []))
                closed |= p.get("additionalProperties") is False
            for key in sorted(required & set(value)):
                out.append((_path_text(path + [key]), "missing required",
                            rebuild({k: v for k, v in value.items() if k != key})))
            if closed:
                out.append((_path_text(path + ["unknown_field_x"]), "unknown field",
                            rebuild(dict(value, unknown_field_x=1))))
            for key, sub in props.items():
                if key in value:
                    self._mutate(sub, value[key], path + [key],
                                 lambda v, key=key: rebuild(dict(value, **{key: v})), out,
                                 depth + 1)
        elif isinstance(value, list):
            items = next((p["items"] for p in parts if isinstance(p.get("items"), dict)), None)
            for i, item in enumerate(value[:3]):
                if items is not None:
                    self._mutate(items, item, path + [i],
                                 lambda v, i=i: rebuild(value[:i] + [v] + value[i + 1:]), out,
                                 depth + 1)

    def _applicable(self, s, value):
        out = [s]
        for x in s.get("allOf", []):
            out += self._applicable(self.d.deref(x), value)
        if "if" in s and "then" in s and self.d.is_valid(s["if"], value):
            out.append(self.d.deref(s["then"]))
        return out

    @staticmethod
    def _mutate_leaf(s, value, where, rebuild, out):
        if "enum" in s and isinstance(value, str):
            out.append((where, "not in enum", rebuild(value + "_not_listed")))
        if isinstance(value, str):
            if "maxLength" in s:
                out.append((where, "too long", rebuild("a" * (s["maxLength"] + 1))))
            if s.get("minLength", 0) > 0:
                out.append((where, "too short", rebuild("a" * (s["minLength"] - 1))))
            if s.get("format") == "date":
                out.append((where, "impossible date", rebuild("2026-02-30")))
                out.append((where, "not a date", rebuild("30.01.2026")))
            if s.get("format") == "date-time":
                out.append((where, "impossible time", rebuild("2026-11-23T25:00:00Z")))
                out.append((where, "time without zone", rebuild("2026-11-23T09:00:00")))
            if "pattern" in s and "format" not in s:
                out.append((where, "breaks the pattern", rebuild("\x01!")))
            out.append((where, "holds U+0000", rebuild(value + "\x00")))
        if isinstance(value, bool):
            return
        if isinstance(value, int):
            if "maximum" in s:
                out.append((where, "above maximum", rebuild(s["maximum"] + 1)))
            if "minimum" in s:
                out.append((where, "below minimum", rebuild(s["minimum"] - 1)))
            out.append((where, "beyond 64 bits", rebuild(2 ** 64 + 1)))
        if isinstance(value, list):
            if "maxItems" in s and value:
                out.append((where, "too many items",
                            rebuild((value * (s["maxItems"] + 1))[:s["maxItems"] + 1])))
            if s.get("minItems", 0) > 0:
                out.append((where, "too few items", rebuild(value[:s["minItems"] - 1])))
            if s.get("uniqueItems") and value:
                out.append((where, "duplicate items", rebuild(value + value[:1])))


@st.composite
def _mixed(draw, ids, small, whole):
    """Mostly an id of the pool, sometimes a small or any integer."""
    k = draw(st.integers(0, 5))
    return draw(small if k == 4 else whole if k == 5 else ids)


def _date_time_text(t):
    return f"{t[0]}T{t[1]:02d}:{t[2]:02d}:{t[3]:02d}{t[4]}{t[5]}"


def _canonical(v):
    return json.dumps(v, sort_keys=True)


def _filler(n):
    """n characters, some of two bytes in UTF-8 (lengths count characters, not bytes)."""
    return ("aë ş" * (n // 4 + 1))[:n]


class _Unmatched:
    def __init__(self, regex):
        self.regex = regex

    def __call__(self, c):
        return not self.regex.match(c)


class _Sized:
    """No U+0000 and a length within bounds (for strings drawn from a pattern)."""

    def __init__(self, lo, hi):
        self.lo, self.hi = lo, hi

    def __call__(self, v):
        return "\x00" not in v and len(v) >= self.lo and (self.hi is None or len(v) <= self.hi)


def _path_text(path):
    text = ""
    for p in path:
        if isinstance(p, int):
            text += f"[{p}]"
        else:
            text += ("." if text else "") + p
    return text
