#!/usr/bin/env python3
"""Latency of `congkhai serve`: from saving a record (a title change, written
the way editors' programs save: a temporary file renamed over the record) to
the rebuilt page being served with the new title. Prints the median and p95
over the edits, beside the time of a full `congkhai build` of the same
repository. Python 3.11 standard library only; run through bench/serve.sh.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

TODAY = "2026-11-22"


def records(root: Path, count: int, need: str = "") -> list[tuple[Path, str]]:
    """Record files spread over the wards and kinds, with their page paths."""
    found = []
    content = root / "content"
    for ward in sorted(p for p in content.iterdir() if p.is_dir() and not p.name.startswith("_")):
        for kind in sorted(p for p in ward.iterdir() if p.is_dir()):
            for f in sorted(kind.glob("*.md"))[:3]:
                text = f.read_text(encoding="utf-8")
                if re.search(r"^id:", text, re.M) or (need and not re.search(need, text, re.M)):
                    continue
                found.append((f, f"/{ward.name}/{kind.name}/{f.stem}.html"))
    if not found:
        sys.exit("bench/serve.py: không tìm thấy hồ sơ nào trong " + str(content))
    # Interleave wards and kinds.
    return [found[(i * 7) % len(found)] for i in range(count)]


def get(addr: tuple[str, int], path: str) -> str:
    conn = http.client.HTTPConnection(*addr, timeout=30)
    conn.request("GET", path)
    body = conn.getresponse().read().decode("utf-8", "replace")
    conn.close()
    return body


def title(page: str) -> str:
    m = re.search(r"<title>(.*?)</title>", page, re.S)
    return m.group(1) if m else ""


def save(path: Path, text: str) -> None:
    """Writes like an editor: a temporary file beside it, renamed over it."""
    tmp = path.with_name("." + path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--bin", required=True, help="the congkhai binary")
    ap.add_argument("--root", type=Path, required=True, help="a generated repository (bench/gen.py)")
    ap.add_argument("--edits", type=int, default=20)
    ap.add_argument("--out", type=Path, required=True, help="where the full build writes")
    ap.add_argument("--log", type=Path, help="keep serve's output (its timings per rebuild) here")
    ap.add_argument(
        "--edit",
        choices=["title", "basis"],
        default="title",
        help="title: change the title (the quick path); basis: also add a legal basis, which "
        "changes citations and makes serve run the whole pipeline",
    )
    args = ap.parse_args()

    t = time.perf_counter()
    subprocess.run(
        [args.bin, "build", "--quiet", "--today", TODAY, "--root", str(args.root), "--out", str(args.out)],
        check=True,
    )
    full_build = time.perf_counter() - t

    t = time.perf_counter()
    server = subprocess.Popen(
        [args.bin, "serve", "--port", "0", "--today", TODAY, "--root", str(args.root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        addr = None
        assert server.stdout is not None
        for line in server.stdout:
            m = re.search(r"http://([\d.]+):(\d+)/", line)
            if m:
                addr = (m.group(1), int(m.group(2)))
                break
        if addr is None:
            sys.exit("bench/serve.py: serve không báo địa chỉ")
        first_build = time.perf_counter() - t
        # Keep reading the server's output so that it never blocks on a full pipe.
        log = open(args.log, "w", encoding="utf-8") if args.log else None

        def drain() -> None:
            for line in server.stdout:
                if log:
                    log.write(line)
                    log.flush()

        threading.Thread(target=drain, daemon=True).start()

        latencies = []
        need = r"^legal_basis: \[" if args.edit == "basis" else ""
        for i, (path, url) in enumerate(records(args.root, args.edits, need)):
            before = path.read_text(encoding="utf-8")
            marker = f"Đo {i} {time.time_ns() % 1_000_000}"
            changed = re.sub(
                r'^title: ("?)(.*)$', lambda m: f"title: {m.group(1)}{marker} {m.group(2)}", before, count=1, flags=re.M
            )
            if args.edit == "basis":
                changed = re.sub(r"^legal_basis: \[", 'legal_basis: ["99/2099/QĐ-UBND", ', changed, count=1, flags=re.M)
            get(addr, url)  # the page is there before the edit
            time.sleep(0.3)
            t = time.perf_counter()
            save(path, changed)
            # The new title in the page's <title>: an error overlay quoting
            # the edited line does not count.
            while marker not in title(get(addr, url)):
                if time.perf_counter() - t > 30:
                    sys.exit(f"bench/serve.py: {url} không đổi sau 30 s")
                time.sleep(0.002)  # poll, but leave the CPU to the rebuild
            latencies.append(time.perf_counter() - t)
            save(path, before)
            time.sleep(0.3)
    finally:
        server.terminate()
        server.wait(timeout=10)

    ms = [x * 1000 for x in latencies]
    records_count = sum(1 for _ in (args.root / "content").rglob("*.md"))
    print(f"records: {records_count}")
    print(f"full build (congkhai build): {full_build:.2f} s")
    print(f"serve start to first page: {first_build:.2f} s")
    print(f"edit ({args.edit}) → page served, {len(ms)} edits: median {statistics.median(ms):.0f} ms, "
          f"p95 {percentile(ms, 0.95):.0f} ms, min {min(ms):.0f} ms, max {max(ms):.0f} ms")
    print("each: " + " ".join(f"{x:.0f}" for x in ms))


if __name__ == "__main__":
    main()
