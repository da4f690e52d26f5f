#!/usr/bin/env python3
"""Writes a synthetic congkhai repository for benchmarks and load tests.

Deterministic: the same flags give byte-identical files. Python 3.11 standard
library only. See bench/README.md for the flags and what is generated.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import random
import re
import sys
import tomllib
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
UNITS_CSV = ROOT / "data" / "commune-units-2025.csv"
SEEDS_DIR = HERE / "seeds"
LAW_TOML = ROOT / "src" / "law" / "law.toml"

# Share of each kind, out of 20 records (cycled, so any total gets all six).
KIND_CYCLE = (
    ["document"] * 5 + ["fund"] * 4 + ["plan"] * 3 + ["land"] * 3 + ["dialogue"] * 3 + ["procedure"] * 2
)
# Interleave so that small totals still cover every kind early.
KIND_CYCLE = [KIND_CYCLE[i] for i in (0, 5, 9, 12, 15, 18, 1, 6, 10, 13, 16, 2, 7, 11, 14, 17, 19, 3, 8, 4)]

FIRST_PUBLISHED = dt.date(2024, 1, 2)
LAST_PUBLISHED = dt.date(2026, 11, 20)
# Every generated ward is one of the units of the 2025 reform.
ESTABLISHED = dt.date(2025, 7, 1)

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Minh", "Ngọc", "Đức", "Thanh", "Quốc", "Hữu", "Thu", "Hoàng", "Gia", "Kim"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hùng", "Hương", "Khánh", "Lan", "Linh",
         "Long", "Mai", "Nam", "Nga", "Phúc", "Phương", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vy", "Yến"]
UNITS = ["Văn phòng HĐND và UBND", "Phòng Kinh tế", "Phòng Văn hóa - Xã hội", "Công an phường",
         "Ủy ban MTTQ Việt Nam phường", "Trung tâm Phục vụ hành chính công", "Ban Chỉ huy Quân sự",
         "Hội Liên hiệp Phụ nữ", "Đoàn Thanh niên", "Hội Cựu chiến binh", "Ban Thanh tra nhân dân"]
TOPICS = ["đất đai", "trật tự đô thị", "an sinh xã hội", "hạ tầng giao thông", "môi trường", "giáo dục",
          "y tế", "thủ tục hành chính", "an ninh trật tự", "chiếu sáng công cộng"]
STREETS = ["Cách Mạng Tháng Tám", "Nguyễn Thị Minh Khai", "Võ Văn Tần", "Lý Chính Thắng", "Trần Quốc Thảo",
           "Nam Kỳ Khởi Nghĩa", "Lê Văn Sỹ", "Trần Văn Đang", "Kỳ Đồng", "Bà Huyện Thanh Quan"]
PROJECTS = ["Mở rộng hẻm {n} đường {s}", "Nâng cấp đường {s} đoạn số {n}", "Xây dựng trường mầm non khu phố {n}",
            "Cải tạo kênh thoát nước khu phố {n}", "Xây dựng nhà văn hóa khu phố {n}", "Chỉnh trang vỉa hè đường {s} đoạn {n}"]
FUND_PURPOSES = ["Nâng cấp hẻm {n} đường {s}", "Lắp đèn chiếu sáng hẻm {n}", "Quỹ khuyến học khu phố {n}",
                 "Quỹ vì người nghèo khu phố {n}", "Sửa chữa nhà văn hóa khu phố {n}", "Ủng hộ đồng bào bị thiên tai đợt {n}"]
DOC_TYPES = [("Quyết định", "QĐ-UBND"), ("Thông báo", "TB-UBND"), ("Báo cáo", "BC-UBND"), ("Kế hoạch", "KH-UBND")]
PROC_FIELDS = ["Hộ tịch", "Chứng thực", "Đất đai", "Bảo trợ xã hội", "Người có công", "Xây dựng", "Văn hóa"]
PROC_NAMES = ["Đăng ký khai sinh", "Đăng ký kết hôn", "Chứng thực bản sao từ bản chính", "Đăng ký khai tử",
              "Xác nhận tình trạng hôn nhân", "Trợ cấp xã hội hằng tháng", "Cấp giấy phép xây dựng nhà ở riêng lẻ",
              "Đăng ký thường trú", "Hòa giải tranh chấp đất đai", "Công nhận gia đình văn hóa"]
LAND_STAGES = ["land_use_plan", "annual_land_use_plan", "recovery_notice", "compensation_plan",
               "approval_decision", "resettlement", "recovery_decision"]
LAND_TYPES = ["ODT", "ONT", "CLN", "LUC", "BHK", "SKC", "TMD"]
DIALOGUE_TYPES = ["annual_conference", "pre_decision_hearing", "community_conference", "citizen_reception",
                  "land_dialogue", "voter_meeting"]
# The Art. 11 item a dialogue's result is disclosed under, by its type: the
# first of `[dialogue_types.*].items` in the law data (W0116).
with open(LAW_TOML, "rb") as _f:
    _LAW = tomllib.load(_f)
DIALOGUE_ITEM = {t: v["items"][0] for t, v in _LAW["dialogue_types"].items()}
# Items broadcast on the loudspeaker carry their last day on air (W0119, E0118).
LOUDSPEAKER_ITEMS = {int(k) for k, v in _LAW["items"].items() if v.get("loudspeaker")}
LOUDSPEAKER_DAYS = _LAW["posting"]["loudspeaker"]["days"]
FORMS = ["office_posting", "portal", "loudspeaker", "group_head", "letter", "conference", "press",
         "mass_organisation", "social_network"]


def fold(text: str) -> str:
    """Lowercase ASCII without tone marks, đ→d (as the site's search does)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def q(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


class Seeds:
    """Paragraphs and headings from the seed documents."""

    def __init__(self) -> None:
        paragraphs: list[str] = []
        headings: list[str] = []
        for f in sorted(SEEDS_DIR.glob("*.txt")):
            for line in f.read_text(encoding="utf-8").splitlines():
                # Superscript footnote marks (`Quận ủy¹`) become plain text.
                line = re.sub(r"[¹²³⁴⁵⁶⁷⁸⁹⁰]+", "", unicodedata.normalize("NFC", line.strip())).strip()
                words = line.split()
                if not words or line.startswith(("*", "|", "#", ">")):
                    continue
                if len(words) >= 12:
                    paragraphs.append(line.lstrip("-+ ").strip())
                elif 2 <= len(words) <= 10 and re.match(r"^([IVX]+\.|[0-9]+\.)\s", line):
                    headings.append(re.sub(r"^([IVX]+\.|[0-9]+\.)\s*", "", line).rstrip(":").strip())
        if not paragraphs:
            sys.exit("gen.py: không tìm thấy văn bản mẫu (bench/seeds/*.txt)")
        self.paragraphs = paragraphs
        self.headings = [h[:1].upper() + h[1:].lower() for h in headings if h] or ["Nội dung"]
        self.sentences = [s.strip() for p in paragraphs for s in re.split(r"(?<=[.;])\s+", p) if len(s.split()) >= 6]

    def body(self, rng: random.Random, words: int, cite: list[str]) -> str:
        """About `words` words of Markdown: headings, paragraphs, a list, sometimes a table and a footnote."""
        out: list[str] = []
        count = 0
        section = 0
        footnote = rng.random() < 0.3
        if cite:
            out.append(f"Căn cứ {rng.choice(['Quyết định', 'Văn bản', 'Kế hoạch'])} số {cite[0]}"
                       f"{'[^1]' if footnote else ''}; {rng.choice(self.sentences)}")
            count += len(out[-1].split())
        while count < words:
            if count == 0 or rng.random() < 0.22:
                section += 1
                out.append(f"## {section}. {rng.choice(self.headings)}")
            r = rng.random()
            if r < 0.12:
                items = [f"- {rng.choice(self.sentences)}" for _ in range(rng.randint(3, 5))]
                out.append("\n".join(items))
                count += sum(len(i.split()) for i in items)
            elif r < 0.17:
                rows = ["| Nội dung | Đơn vị thực hiện | Thời gian |", "|---|---|---|"]
                for _ in range(rng.randint(3, 6)):
                    rows.append(f"| {rng.choice(TOPICS).capitalize()} | {rng.choice(UNITS)} | Quý {rng.choice(['I', 'II', 'III', 'IV'])} |")
                out.append("\n".join(rows))
                count += 8 * (len(rows) - 2)
            else:
                p = rng.choice(self.paragraphs)
                out.append(p)
                count += len(p.split())
        if footnote and cite:
            out.append(f"[^1]: Văn bản số {cite[0]}, đăng tại trụ sở Ủy ban nhân dân.")
        return "\n\n".join(out) + "\n"


def name(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def day(rng: random.Random, lo: dt.date, hi: dt.date) -> dt.date:
    return lo + dt.timedelta(days=rng.randint(0, max(0, (hi - lo).days)))


def units(path: Path) -> list[tuple[str, str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return [(r["code"], r["name"], r["province"]) for r in csv.DictReader(f)]


class Ward:
    """One generated ward: its profile and the plan of its records."""

    def __init__(self, code: str, name: str, province: str) -> None:
        self.code, self.name, self.province = code, name, province
        bare = re.sub(r"^(Phường|Xã|Đặc khu)\s+", "", name)
        self.slug = f"{slugify(bare)}-{code}"
        self.kinds: list[str] = []
        self.doc_numbers: list[str] = []
        self.dialogue_ids: list[str] = []


class Generator:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.rng = random.Random(args.seed)
        self.seeds = Seeds()
        self.files: dict[str, str] = {}
        self.plain: list[tuple[str, str, dt.date, list[str], str]] = []

    def pick_wards(self) -> list[Ward]:
        all_units = units(UNITS_CSV)
        if self.args.wards > len(all_units):
            sys.exit(f"gen.py: chỉ có {len(all_units)} đơn vị hành chính")
        # HCMC first (the sample's area), then the rest in a seeded order.
        hcm = [u for u in all_units if u[2] == "Thành phố Hồ Chí Minh"]
        rest = [u for u in all_units if u[2] != "Thành phố Hồ Chí Minh"]
        rng = random.Random(self.args.seed)
        rng.shuffle(hcm)
        rng.shuffle(rest)
        return [Ward(*u) for u in (hcm + rest)[: self.args.wards]]

    def run(self) -> None:
        wards = self.pick_wards()
        total = self.args.records
        for i in range(total):
            wards[i % len(wards)].kinds.append(KIND_CYCLE[(i // len(wards)) % len(KIND_CYCLE)])
        for w in wards:
            # Unique numbers within the ward: plans get KH numbers, documents the others.
            numbered = [k for k in w.kinds if k in ("document", "plan")]
            w.doc_numbers = [f"{j + 1}/KH-UBND" if k == "plan" else f"{j + 1}/{DOC_TYPES[j % 3][1]}"
                             for j, k in enumerate(numbered)]
            w.dialogue_ids = [f"doi-thoai-{j + 1:06d}" for j in range(w.kinds.count("dialogue"))]
            self.ward(w)
        self.files["congkhai.toml"] = (
            'title = "Kho thử nghiệm hiệu năng"\n'
            f'description = "Kho tổng hợp: {len(wards)} phường, {total} hồ sơ (seed {self.args.seed})"\n'
            'language = "vi"\n'
        )

    def ward(self, w: Ward) -> None:
        rng = random.Random(f"{self.args.seed}-{w.code}")
        base = f"content/{w.slug}"
        former = [f"  - {{name: {q(f'Phường {n}')}, district: {q(f'Quận {rng.randint(1, 12)}')}}}"
                  for n in sorted(rng.sample(range(1, 16), 2))]
        self.files[f"{base}/ward.yaml"] = "\n".join([
            f"code: {q(w.code)}",
            f"name: {q(w.name)}",
            f"province: {q(w.province)}",
            f"established: {ESTABLISHED.isoformat()}",
            'established_by: "1685/NQ-UBTVQH15"',
            "former_units:",
            *former,
            f"address: {q(f'{rng.randint(1, 300)} {rng.choice(STREETS)}, {w.name}')}",
            f'phone: "028 {rng.randint(3800, 3999)} {rng.randint(1000, 9999)}"',
            "",
        ])
        counters = {k: 0 for k in set(KIND_CYCLE)}
        doc_i = 0
        for kind in w.kinds:
            counters[kind] += 1
            n = counters[kind]
            cite = rng.sample(w.doc_numbers, k=min(len(w.doc_numbers), rng.randint(0, 2)))
            if kind in ("document", "plan"):
                number = w.doc_numbers[doc_i]
                doc_i += 1
                cite = [c for c in cite if c != number]
            getattr(self, kind)(rng, w, base, n, cite, number if kind in ("document", "plan") else "")

    # Front matter helpers --------------------------------------------------

    def common(self, rng: random.Random, title: str, published: dt.date, item: int, cite: list[str],
               permanent: bool = False) -> list[str]:
        forms = sorted(set(["office_posting", "portal"] + rng.sample(FORMS, k=rng.randint(0, 2))),
                       key=FORMS.index)
        until = "permanent" if permanent or item in (4, 13) else (published + dt.timedelta(days=rng.randint(30, 120))).isoformat()
        lines = [
            f"title: {q(title)}",
            f"published: {published.isoformat()}",
            f"posted_until: {until}",
            f"disclosure_item: {item}",
            f"forms: [{', '.join(forms)}]",
        ]
        if "loudspeaker" in forms and item in LOUDSPEAKER_ITEMS:
            # Days on air count both ends: published .. published + days - 1.
            on_air = rng.randint(LOUDSPEAKER_DAYS, LOUDSPEAKER_DAYS + 7)
            lines.append(f"loudspeaker_until: {(published + dt.timedelta(days=on_air - 1)).isoformat()}")
        if cite:
            lines.append(f"legal_basis: [{', '.join(q(c) for c in cite)}]")
        return lines

    def write(self, path: str, front: list[str], title: str, published: dt.date, tags: list[str],
              rng: random.Random, cite: list[str]) -> None:
        body = self.seeds.body(rng, self.args.words, cite)
        self.files[path] = "---\n" + "\n".join(front) + "\n---\n" + body
        self.plain.append((path, title, published, tags, body))

    # The six kinds ---------------------------------------------------------

    def document(self, rng, w, base, n, cite, number) -> None:
        doc_type = {"QĐ-UBND": "Quyết định", "TB-UBND": "Thông báo", "BC-UBND": "Báo cáo"}[number.split("/")[1]]
        issued = day(rng, FIRST_PUBLISHED, LAST_PUBLISHED - dt.timedelta(days=3))
        published = issued + dt.timedelta(days=rng.randint(1, 3))
        item = rng.choice([1, 2, 3, 4, 6, 7, 8, 9, 10, 12, 14])
        title = f"{doc_type} về {rng.choice(TOPICS)} trên địa bàn {w.name.lower()} năm {issued.year}"
        front = self.common(rng, title, published, item, cite) + [
            f"summary: {q(rng.choice(self.seeds.sentences))}",
            f"number: {q(number)}",
            f"doc_type: {q(doc_type)}",
            f"issuer: {q(f'Ủy ban nhân dân {w.name.lower()}')}",
            f"issued: {issued.isoformat()}",
            f"signer: {q(name(rng))}",
            f"signer_title: {q(rng.choice(['TM. ỦY BAN NHÂN DÂN – CHỦ TỊCH', 'KT. CHỦ TỊCH – PHÓ CHỦ TỊCH']))}",
            f"effective: {(issued + dt.timedelta(days=rng.choice([0, 10, 15]))).isoformat()}",
        ]
        self.write(f"{base}/document/van-ban-{n:06d}.md", front, title, published, ["văn bản", doc_type.lower()], rng, cite)

    def plan(self, rng, w, base, n, cite, number) -> None:
        issued = day(rng, FIRST_PUBLISHED, LAST_PUBLISHED - dt.timedelta(days=3))
        published = issued + dt.timedelta(days=rng.randint(1, 3))
        title = f"Kế hoạch {rng.choice(['thực hiện dân chủ ở cơ sở', 'cải cách hành chính', 'phát triển kinh tế - xã hội', 'chuyển đổi số', 'bảo vệ môi trường'])} năm {issued.year}"
        tasks = ["tasks:"]
        for _ in range(rng.randint(4, 10)):
            status = rng.choice(["not_started", "in_progress", "done", "cancelled"])
            progress = 100 if status == "done" else (0 if status == "not_started" else rng.randint(5, 95))
            if rng.random() < 0.5:
                deadline = q(f"Quý {rng.choice(['I', 'II', 'III', 'IV'])}/{issued.year}")
            else:
                deadline = day(rng, issued, dt.date(issued.year, 12, 31)).isoformat()
            tasks += [
                f"  - content: {q(rng.choice(self.seeds.sentences)[:160])}",
                f"    lead: {q(rng.choice(UNITS))}",
                f"    support: [{', '.join(q(u) for u in rng.sample(UNITS, 2))}]",
                f"    deadline: {deadline}",
                f"    deliverable: {q(rng.choice(['Báo cáo kết quả', 'Kế hoạch chi tiết', 'Biên bản hội nghị', 'Quyết định phê duyệt']))}",
                f"    status: {status}",
                f"    progress: {progress}",
            ]
            if status in ("in_progress", "done") and rng.random() < 0.4:
                tasks += ["    milestones:",
                          f"      - {{date: {day(rng, issued, published).isoformat()}, note: {q('Triển khai tại các khu phố')}}}"]
        front = self.common(rng, title, published, 1, cite) + [
            f"number: {q(number)}",
            f"issuer: {q(f'Ủy ban nhân dân {w.name.lower()}')}",
            f"issued: {issued.isoformat()}",
            f"signer: {q(name(rng))}",
            'signer_title: "TM. ỦY BAN NHÂN DÂN – CHỦ TỊCH"',
            f"period: {q(str(issued.year))}",
            f"purpose: {q(rng.choice(self.seeds.sentences)[:200])}",
        ] + tasks
        self.write(f"{base}/plan/ke-hoach-{n:06d}.md", front, title, published, ["kế hoạch"], rng, cite)

    def land(self, rng, w, base, n, cite, _number) -> None:
        published = day(rng, FIRST_PUBLISHED, LAST_PUBLISHED)
        stage = rng.choice(LAND_STAGES)
        # One project per land record (its number in the ward is in the name): records of
        # one project would have to follow its stages in lawful order (W0254, W0255).
        project = rng.choice(PROJECTS).format(n=n, s=rng.choice(STREETS))
        title = f"Công khai {'phương án bồi thường' if stage == 'compensation_plan' else 'thông tin đất đai'}: {project}"
        rows = []
        for k in range(rng.randint(5, 30)):
            amounts = [rng.randint(0, 4000) * 100_000, rng.randint(0, 500) * 100_000, rng.choice([0, 5_000_000, 10_000_000]),
                       rng.randint(0, 100) * 100_000]
            rows.append((str(rng.randint(1, 60)), str(k + 1 + n * 100), round(rng.uniform(15, 400), 1),
                         rng.choice(LAND_TYPES), f"Hộ ông {name(rng)}" if rng.random() < 0.5 else name(rng), amounts))
        use_csv = rng.random() < 0.3
        inline, in_csv = (rows[:3], rows[3:]) if use_csv else (rows, [])
        parcels = ["parcels:"] + [
            f"  - {{map_sheet: {q(s)}, parcel_no: {q(p)}, area_m2: {a}, land_type: {t}, holder: {q(h)}, "
            f"land: {m[0]}, assets: {m[1]}, relocation: {m[2]}, support: {m[3]}, total: {sum(m)}}}"
            for s, p, a, t, h, m in inline
        ]
        slug = f"dat-dai-{n:06d}"
        if in_csv:
            buf = io.StringIO()
            wr = csv.writer(buf, lineterminator="\n")
            wr.writerow(["map_sheet", "parcel_no", "area_m2", "land_type", "holder", "land", "assets", "relocation", "support", "total", "resettlement"])
            for s, p, a, t, h, m in in_csv:
                wr.writerow([s, p, a, t, h, *m, sum(m), "Bố trí tái định cư tại chỗ" if rng.random() < 0.2 else ""])
            self.files[f"{base}/land/{slug}.csv"] = buf.getvalue()
            parcels.append(f"parcels_csv: {slug}.csv")
        agree = rng.randint(10, 80)
        front = self.common(rng, title, published, 3, cite) + [
            f"stage: {stage}",
            f"project: {{name: {q(project)}, investor: {q('Ban Quản lý dự án đầu tư xây dựng khu vực')}, "
            f"location: {q(w.name)}, area_m2: {round(sum(r[2] for r in rows), 1)}, purpose: {q('Xây dựng công trình công cộng')}}}",
            f"posting_places: [{q('Trụ sở UBND ' + w.name.lower())}, {q(f'Nhà văn hóa khu phố {rng.randint(1, 9)}')}]",
            # Objections to a compensation plan call for a land dialogue within 60 days
            # (W0255); the generated plans have none.
            f"consultation: {{agree: {agree}, disagree: {0 if stage == 'compensation_plan' else rng.randint(0, agree // 3)}, "
            f"other: {rng.randint(0, 5)}}}",
        ] + parcels
        if w.dialogue_ids and rng.random() < 0.5:
            front.append(f"dialogues: [{rng.choice(w.dialogue_ids)}]")
        self.write(f"{base}/land/{slug}.md", front, title, published, ["đất đai"], rng, cite)

    def fund(self, rng, w, base, n, cite, _number) -> None:
        year = rng.choice([2024, 2025, 2026])
        quarter = rng.randint(1, 3 if year == 2026 else 4)
        start = dt.date(year, 3 * quarter - 2, 1)
        end = (dt.date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1) - dt.timedelta(days=1))
        # Within 5 working days of the period's end (W0114): 5 calendar days at most.
        published = min(end + dt.timedelta(days=rng.randint(1, 5)), LAST_PUBLISHED)
        source = rng.choice(["contribution", "donation", "sponsorship"])
        # One fund per record (its number in the ward is in the purpose): reports of one
        # fund in consecutive periods would have to carry the balance over (W0248).
        purpose = rng.choice(FUND_PURPOSES).format(n=n, s=rng.choice(STREETS))
        title = f"Quỹ {purpose[0].lower() + purpose[1:]} quý {['I', 'II', 'III', 'IV'][quarter - 1]}/{year}"
        opening = rng.randint(0, 300) * 100_000
        receipts = []
        for k in range(rng.randint(5, 60)):
            org = rng.random() < 0.15
            who = f"Công ty TNHH {rng.choice(GIVEN)} {rng.choice(['Phát', 'Thịnh', 'Hưng'])}" if org else name(rng)
            receipts.append((day(rng, start, end), who, rng.randint(1, 40) * 50_000, f"PT-{k + 1:04d}", org))
        receipts.sort(key=lambda r: (r[0], r[3]))
        available = opening + sum(r[2] for r in receipts)
        expenses = []
        spent = 0
        for k in range(rng.randint(2, 15)):
            amount = rng.randint(1, 30) * 100_000
            if spent + amount > available:
                break
            spent += amount
            # Never spent before it is received (W0249): on or after the first day by which
            # the money in (opening balance and receipts) covers everything spent so far.
            covered, first = opening, start
            for d, _who, got, _voucher, _org in receipts:
                if covered >= spent:
                    break
                covered, first = covered + got, d
            expenses.append((day(rng, first, end), rng.choice(["Mua xi măng", "Thuê nhân công", "Mua bóng đèn", "Trao học bổng", "Hỗ trợ hộ nghèo", "In ấn tài liệu"]),
                             amount, f"Cửa hàng {rng.choice(GIVEN)} {rng.choice(['Phát', 'Thịnh'])}", f"PC-{k + 1:04d}"))
        expenses.sort(key=lambda e: (e[0], e[4]))
        closing = available - spent
        front = self.common(rng, title, published, 5, cite) + [
            f"source: {source}",
            f"purpose: {q(purpose)}",
        ]
        if source == "contribution":
            total_h = rng.randint(30, 400)
            agree = -(-total_h * 2 // 3) + rng.randint(0, total_h // 4)
            front += [
                f"decision: {{date: {(start - dt.timedelta(days=rng.randint(5, 60))).isoformat()}, households_total: {total_h}, households_agree: {min(agree, total_h)}}}",
                f"contribution_per_household: {rng.choice([100_000, 200_000, 500_000])}",
            ]
        front += [
            f"period_start: {start.isoformat()}",
            f"period_end: {end.isoformat()}",
            f"opening_balance: {opening}",
        ]
        slug = f"quy-{n:06d}"
        if len(receipts) > 20:
            buf = io.StringIO()
            wr = csv.writer(buf, lineterminator="\n")
            wr.writerow(["date", "from", "amount", "voucher", "organisation"])
            for d, who, amount, voucher, org in receipts[10:]:
                wr.writerow([d.isoformat(), who, amount, voucher, "true" if org else "false"])
            self.files[f"{base}/fund/{slug}-thu.csv"] = buf.getvalue()
            receipts = receipts[:10]
            front.append(f"receipts_csv: {slug}-thu.csv")
        front.append("receipts:")
        front += [f"  - {{date: {d.isoformat()}, from: {q(who)}, amount: {amount}, voucher: {voucher}{', organisation: true' if org else ''}}}"
                  for d, who, amount, voucher, org in receipts]
        if expenses:
            front.append("expenses:")
            front += [f"  - {{date: {d.isoformat()}, item: {q(item)}, amount: {amount}, payee: {q(payee)}, voucher: {voucher}}}"
                      for d, item, amount, payee, voucher in expenses]
        front.append(f"closing_balance: {closing}")
        self.write(f"{base}/fund/{slug}.md", front, title, published, ["quỹ", "đóng góp"], rng, cite)

    def dialogue(self, rng, w, base, n, cite, _number) -> None:
        # A ward's first dialogues are its yearly conferences (Art. 32, W0320), one for
        # each year since it was established; the others are of any type and date.
        years = range(ESTABLISHED.year, LAST_PUBLISHED.year + 1)
        if n <= len(years):
            year = years[n - 1]
            lo = max(ESTABLISHED, dt.date(year, 1, 1))
            held = day(rng, lo, min(dt.date(year, 12, 31), LAST_PUBLISHED - dt.timedelta(days=3)))
            dtype = "annual_conference"
        else:
            held = day(rng, FIRST_PUBLISHED, LAST_PUBLISHED - dt.timedelta(days=3))
            dtype = rng.choice(DIALOGUE_TYPES)
        published = held + dt.timedelta(days=rng.randint(1, 3))
        title = f"Kết quả {'đối thoại' if 'dialogue' in dtype or 'conference' in dtype else 'tiếp xúc'} về {rng.choice(TOPICS)} ngày {held.day}/{held.month}/{held.year}"
        items = ["items:"]
        for _ in range(rng.randint(3, 10)):
            committed = rng.random() < 0.6
            items += [
                f"  - question: {q(rng.choice(self.seeds.sentences)[:200].rstrip('.;') + '?')}",
                f"    asked_by: {q(name(rng))}",
                f"    area: {q(f'Khu phố {rng.randint(1, 9)}')}",
                f"    topic: {q(rng.choice(TOPICS))}",
                f"    answer: {q(rng.choice(self.seeds.sentences)[:240])}",
                f"    answered_by: {q('Chủ tịch UBND phường')}",
            ]
            if committed:
                items += [
                    f"    commitment: {q('Kiểm tra, xử lý và trả lời bằng văn bản')}",
                    f"    responsible: {q(rng.choice(UNITS))}",
                    f"    deadline: {(held + dt.timedelta(days=rng.randint(15, 120))).isoformat()}",
                    f"    status: {rng.choice(['open', 'in_progress', 'done'])}",
                ]
            else:
                items.append("    status: answered")
        front = self.common(rng, title, published, DIALOGUE_ITEM[dtype], cite) + [
            f"dialogue_type: {dtype}",
            f"held: {held.isoformat()}",
            f'time: "{rng.choice(["08:00", "14:00", "19:00"])}"',
            f"place: {q(f'Hội trường UBND {w.name.lower()}')}",
            f"chair: {q(name(rng))}",
            f"attendance: {rng.randint(20, 300)}",
        ] + items
        self.write(f"{base}/dialogue/doi-thoai-{n:06d}.md", front, title, published, ["đối thoại"], rng, cite)

    def procedure(self, rng, w, base, n, cite, _number) -> None:
        published = day(rng, dt.date(2025, 7, 1), LAST_PUBLISHED)
        pname = rng.choice(PROC_NAMES)
        title = f"{pname} (thủ tục {n})"
        front = self.common(rng, title, published, 13, cite, permanent=True) + [
            f"code: {q(f'1.{rng.randint(0, 9999):06d}')}",
            f"field: {q(rng.choice(PROC_FIELDS))}",
            f"steps: [{q('Nộp hồ sơ tại Trung tâm Phục vụ hành chính công')}, {q('Cán bộ tiếp nhận kiểm tra hồ sơ')}, {q('Nhận kết quả')}]",
            f"submission: [{q('Trực tiếp')}, {q('Trực tuyến')}, {q('Qua bưu chính')}]",
            f"dossier: [{q('Tờ khai theo mẫu')}, {q('Giấy tờ tùy thân')}]",
            f"time_limit: {q(rng.choice(['Ngay trong ngày', '03 ngày làm việc', '05 ngày làm việc', '15 ngày']))}",
            f"applicants: {q('Cá nhân, hộ gia đình')}",
            f"authority: {q(f'Ủy ban nhân dân {w.name.lower()}')}",
            f"result: {q('Giấy xác nhận')}",
        ]
        fees = rng.choice([[], [("Lệ phí", rng.choice([5_000, 8_000, 10_000, 50_000]))]])
        front.append("fees: []" if not fees else "fees:\n" + "\n".join(f"  - {{item: {q(i)}, amount: {a}}}" for i, a in fees))
        self.write(f"{base}/procedure/thu-tuc-{n:06d}.md", front, title, published, ["thủ tục"], rng, cite)

    # Output ----------------------------------------------------------------

    def save(self, out: Path) -> None:
        for rel, text in sorted(self.files.items()):
            p = out / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(text, encoding="utf-8", newline="\n")

    def save_plain(self, out: Path, flavour: str) -> None:
        """The same bodies as plain Markdown pages for Hugo or Zola."""
        content = out / "content"
        out.mkdir(parents=True, exist_ok=True)
        if flavour == "zola":
            (out / "config.toml").write_text('base_url = "/"\ntitle = "bench"\ntaxonomies = [{name = "tags"}]\n'
                                             'compile_sass = false\nbuild_search_index = false\n', encoding="utf-8")
            (content).mkdir(parents=True, exist_ok=True)
            (content / "_index.md").write_text("+++\ntitle = \"bench\"\n+++\n", encoding="utf-8")
            tpl = out / "templates"
            tpl.mkdir(parents=True, exist_ok=True)
            page = ('<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{{ page.title }}</title></head>'
                    '<body><h1>{{ page.title }}</h1><p>{{ page.date }}</p>{{ page.content | safe }}</body></html>\n')
            (tpl / "page.html").write_text(page, encoding="utf-8")
            for name_ in ("index.html", "section.html", "taxonomy_list.html", "taxonomy_single.html"):
                (tpl / name_).write_text("<!doctype html><title>bench</title>\n", encoding="utf-8")
        else:
            (out / "hugo.toml").write_text('baseURL = "/"\ntitle = "bench"\ndisableKinds = ["RSS", "sitemap", "robotsTXT", "404"]\n'
                                           '[taxonomies]\ntag = "tags"\n', encoding="utf-8")
            layouts = out / "layouts" / "_default"
            layouts.mkdir(parents=True, exist_ok=True)
            (layouts / "single.html").write_text(
                '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>'
                '<body><h1>{{ .Title }}</h1><p>{{ .Date.Format "2006-01-02" }}</p>{{ .Content }}</body></html>\n', encoding="utf-8")
            for name_ in ("list.html", "index.html"):
                (layouts / name_).write_text("<!doctype html><title>bench</title>\n", encoding="utf-8")
        posts = content / "posts"
        posts.mkdir(parents=True, exist_ok=True)
        if flavour == "zola":
            (posts / "_index.md").write_text("+++\ntitle = \"posts\"\n+++\n", encoding="utf-8")
        for i, (_path, title, published, tags, body) in enumerate(self.plain):
            tag_list = ", ".join(q(t) for t in tags)
            if flavour == "zola":
                front = f"+++\ntitle = {q(title)}\ndate = {published.isoformat()}\n[taxonomies]\ntags = [{tag_list}]\n+++\n"
            else:
                front = f"+++\ntitle = {q(title)}\ndate = {published.isoformat()}\ntags = [{tag_list}]\n+++\n"
            (posts / f"p{i:06d}.md").write_text(front + body, encoding="utf-8", newline="\n")


def main() -> None:
    ap = argparse.ArgumentParser(description="Sinh kho công khai tổng hợp, tất định, cho đo hiệu năng.")
    ap.add_argument("--seed", type=int, default=1, help="hạt giống ngẫu nhiên (mặc định 1)")
    ap.add_argument("--wards", type=int, default=4, help="số phường (mặc định 4)")
    ap.add_argument("--records", type=int, default=2000, help="tổng số hồ sơ, chia đều cho các phường (mặc định 2000)")
    ap.add_argument("--words", type=int, default=600, help="số từ xấp xỉ của mỗi thân bài (mặc định 600)")
    ap.add_argument("--out", type=Path, required=True, help="thư mục kho sẽ ghi (phải trống hoặc chưa có)")
    ap.add_argument("--plain", type=Path, help="ghi thêm các trang Markdown thuần cùng thân bài vào thư mục này")
    ap.add_argument("--plain-format", choices=["hugo", "zola"], default="hugo", help="kiểu trang thuần (mặc định hugo)")
    args = ap.parse_args()
    if args.wards < 1 or args.records < 0:
        ap.error("--wards phải ≥ 1 và --records ≥ 0")
    for d in (args.out, args.plain):
        if d is not None and d.exists() and any(d.iterdir()):
            ap.error(f"{d} đã có nội dung; chọn thư mục trống")
    g = Generator(args)
    g.run()
    g.save(args.out)
    if args.plain:
        g.save_plain(args.plain, args.plain_format)


if __name__ == "__main__":
    main()
