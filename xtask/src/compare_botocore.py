"""Compare a committed shape model with botocore's own service model.

Run by `cargo xtask compare-botocore <service>` inside a venv holding the pinned botocore:

    python compare_botocore.py <service> <model.json>

Prints counts side by side, then walks every operation's input and output in both models in
parallel, member by member at every depth, and lists each difference in type, required flag,
enum values or presence, and each paginator or waiter that differs.
"""
import json
import sys
from collections import Counter

import botocore.session

PRIM = {
    "string": "string", "integer": "integer", "long": "long", "float": "float",
    "double": "double", "boolean": "boolean", "timestamp": "timestamp", "blob": "blob",
}


def main(service, model_path):
    session = botocore.session.get_session()
    loader = session.get_component("data_loader")
    api = loader.load_service_model(service, "service-2")
    pages = loader.load_service_model(service, "paginators-1")["pagination"]
    try:
        waiters = loader.load_service_model(service, "waiters-2")["waiters"]
    except Exception:
        waiters = {}
    shapes = api["shapes"]
    ours = json.load(open(model_path))
    diffs = Counter()
    notes = []

    def note(kind, where, text):
        diffs[kind] += 1
        notes.append(f"{kind}: {where}: {text}")

    # Botocore shapes reachable from operations, the way the docs expand them.
    reach = set()

    def visit(name, stack=()):
        if name in stack:
            return
        reach.add(name)
        s = shapes[name]
        for m in s.get("members", {}).values():
            visit(m["shape"], stack + (name,))
        if s["type"] == "list":
            visit(s["member"]["shape"], stack + (name,))
        if s["type"] == "map":
            visit(s["key"]["shape"], stack + (name,))
            visit(s["value"]["shape"], stack + (name,))

    tops = set()
    for op in api["operations"].values():
        for side in ("input", "output"):
            if side in op:
                tops.add(op[side]["shape"])
                for m in shapes[op[side]["shape"]].get("members", {}).values():
                    visit(m["shape"])

    def btype(name):
        s = shapes[name]
        t = s["type"]
        if t == "string" and "enum" in s:
            return "enum"
        if s.get("document"):
            return "document"
        if t == "blob" and s.get("streaming"):
            return "stream"
        return {"structure": "structure", "list": "list", "map": "map"}.get(t, PRIM.get(t, t))

    bc = Counter(btype(n) for n in reach)
    b_members = sum(len(shapes[n].get("members", {})) for n in reach | tops if shapes[n]["type"] == "structure")
    b_enum_values = sum(len(shapes[n]["enum"]) for n in reach if btype(n) == "enum")

    oc = Counter(s["kind"] for s in ours["shapes"].values())
    o_members = sum(len(s.get("members", [])) for s in ours["shapes"].values()) + sum(
        len(o["input"]) + len(o["output"]) for o in ours["operations"].values())
    o_enum_values = sum(len(s.get("values", [])) for s in ours["shapes"].values())
    o_lists = o_maps = 0

    def count_types(t):
        nonlocal o_lists, o_maps
        if t.startswith("list<"):
            o_lists += 1
            count_types(t[5:-1])
        elif t.startswith("map<"):
            o_maps += 1
            k, v = t[4:-1].split(",", 1)
            count_types(k.strip())
            count_types(v.strip())

    for s in ours["shapes"].values():
        for m in s.get("members", []):
            count_types(m["type"])
    for o in ours["operations"].values():
        for m in o["input"] + o["output"]:
            count_types(m["type"])

    # Parallel walk.
    req_ours = req_boto = 0
    pairs = set()  # (botocore shape, our shape) seen at the same place

    def kind_of(t):
        if t.startswith("list<"):
            return "list"
        if t.startswith("map<"):
            return "map"
        if t in ours["shapes"]:
            return ours["shapes"][t]["kind"]
        return t

    def walk(where, bname, ot, side, stack):
        nonlocal req_ours, req_boto
        bk = btype(bname)
        ok = kind_of(ot)
        if bname in stack:
            return
        if bk != ok:
            note("type", where, f"botocore {bk} ({bname}), ours {ot}")
            return
        s = shapes[bname]
        if bk in ("enum", "structure"):
            pairs.add((bname, ot))
        if bk == "enum":
            vals = ours["shapes"][ot]["values"]
            if vals != s["enum"]:
                note("enum values", where, f"botocore {s['enum']}, ours {vals}")
        elif bk == "structure":
            members(where, bname, ours["shapes"][ot]["members"], side, stack + (bname,))
        elif bk == "list":
            walk(where + "[]", s["member"]["shape"], ot[5:-1], side, stack + (bname,))
        elif bk == "map":
            k, v = ot[4:-1].split(",", 1)
            walk(where + "{key}", s["key"]["shape"], k.strip(), side, stack + (bname,))
            walk(where + "{}", s["value"]["shape"], v.strip(), side, stack + (bname,))

    def members(where, bname, ours_members, side, stack):
        nonlocal req_ours, req_boto
        s = shapes[bname]
        bm = s.get("members", {})
        om = {m["name"]: m for m in ours_members}
        for name in bm:
            if name not in om:
                note("missing member", where, name)
        for name in om:
            if name not in bm:
                note("extra member", where, name)
        if list(n for n in bm if n in om) != list(n for n in om if n in bm):
            note("member order", where, "differs")
        breq = set(s.get("required", []))
        for name, m in om.items():
            if name not in bm:
                continue
            oreq = bool(m.get("required"))
            if side == "input":
                req_ours += oreq
                req_boto += name in breq
                if oreq != (name in breq):
                    note("required", f"{where}.{name}", f"botocore {name in breq}, ours {oreq}")
            walk(f"{where}.{name}", bm[name]["shape"], m["type"], side, stack)

    for opname, op in sorted(api["operations"].items()):
        o = ours["operations"].get(opname)
        if o is None:
            note("missing operation", opname, "")
            continue
        for side in ("input", "output"):
            if side in op:
                members(f"{opname}.{side}", op[side]["shape"], o[side], side, ())
            elif o[side]:
                note("extra member", f"{opname}.{side}", "botocore has no shape")
        berr = [e["shape"] for e in op.get("errors", [])]
        if berr != o.get("errors", []):
            note("errors", opname, f"botocore {berr}, ours {o.get('errors', [])}")
        bp = pages.get(opname)
        op_pag = o.get("paginator")
        if bp or op_pag:
            def aslist(x):
                return x if isinstance(x, list) else ([x] if x else [])
            want = (aslist(bp.get("input_token")) if bp else None, aslist(bp.get("output_token")) if bp else None,
                    bp.get("limit_key") if bp else None, aslist(bp.get("result_key")) if bp else None)
            got = (op_pag["input_token"], op_pag["output_token"], op_pag.get("limit_key"), op_pag["result_keys"]) if op_pag else None
            if got is None or list(want) != list(got):
                note("paginator", opname, f"botocore {want}, ours {got}")
    for extra in sorted(set(ours["operations"]) - set(api["operations"])):
        note("extra operation", extra, "")
    for name, w in waiters.items():
        ow = ours.get("waiters", {}).get(name)
        want = (w["operation"], w["delay"], w["maxAttempts"])
        got = (ow["operation"], ow["delay"], ow["max_attempts"]) if ow else None
        if want != got:
            note("waiter", name, f"botocore {want}, ours {got}")
        if ow:
            # The model keeps botocore's acceptors as they are, in order.
            keys = ("state", "matcher", "argument", "expected")
            want_acc = [{k: a.get(k) for k in keys} for a in w.get("acceptors", [])]
            got_acc = [{k: a.get(k) for k in keys} for a in ow["acceptors"]]
            if want_acc != got_acc:
                note("waiter", name, f"acceptors: botocore {want_acc}, ours {got_acc}")

    print(f"{'':28}{'botocore':>10}{'ours':>10}")
    rows = [
        ("operations", len(api["operations"]), len(ours["operations"])),
        ("structures (named)", bc["structure"], oc["structure"]),
        ("enums", bc["enum"], oc["enum"]),
        ("lists (named / in types)", bc["list"], o_lists),
        ("maps (named / in types)", bc["map"], o_maps),
        ("members (all structures)", b_members, o_members),
        ("required flags (inputs)", req_boto, req_ours),
        ("enum values", b_enum_values, o_enum_values),
        ("paginators", len(pages), sum(1 for o in ours["operations"].values() if "paginator" in o)),
        ("waiters", len(waiters), len(ours.get("waiters", {}))),
    ]
    for label, b, o in rows:
        print(f"{label:28}{b:>10}{o:>10}")
    print()
    merged = {}
    for b, o in pairs:
        merged.setdefault(o, set()).add(b)
    split = {}
    for b, o in pairs:
        split.setdefault(b, set()).add(o)
    many = {o: sorted(bs) for o, bs in merged.items() if len(bs) > 1}
    print(f"our shapes that merge several structurally identical botocore shapes: {len(many)} "
          f"(absorbing {sum(len(v) - 1 for v in many.values())} botocore shapes)")
    for o, bs in sorted(many.items()):
        print(f"  {o} <- {', '.join(bs)}")
    parts = {b: sorted(os) for b, os in split.items() if len(os) > 1}
    print(f"botocore shapes that are more than one of ours: {len(parts)}")
    for b, os in sorted(parts.items()):
        print(f"  {b} -> {', '.join(os)}")
    unmatched = sorted(n for n in reach if btype(n) in ("enum", "structure") and n not in split)
    print(f"botocore structures and enums never seen at a place the model has: {unmatched}")
    print()
    print("differences found walking every operation member by member:", dict(diffs) or "none")
    for n in notes:
        print("  " + n)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
