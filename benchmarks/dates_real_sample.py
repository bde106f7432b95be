"""Sample real sentences for the event-date benchmark (issue 17.5): references only, never the text.

    python benchmarks/dates_real_sample.py [--data DIR] [--seed 17] [--counts] [--sheet /tmp/date_sheets]

Sentences come from VietNews train (`vietnews/train.jsonl.xz`, the `text` field, one sentence a line as the
corpus makers split it) and AbMuSu train (`abmusu/train.jsonl`, each document's `anchor_text` and `raw_text`,
split into sentences here by a plain rule: a paragraph is a line, a sentence ends at . ! ? … before a space
and a capital letter, digit, quote or bracket). Each is drawn for one regex family: a trap kind (a date-like
string that is not, or not simply, the event's date) or an ordinary family (a day/month, a month, a year, a
relative or weekday date, or nothing date-like at all, kind "plain"). A sentence drawn for an ordinary family
matches no trap family. At most one sentence is drawn from any one article (VietNews row, AbMuSu document),
no text twice; about 30 % of each family from AbMuSu where it has them. Selection is seeded and does not
depend on anything but the data and the seed; the final order (and so the ids) is a seeded shuffle, so the
first ids mix traps and plain sentences.

Writes benchmarks/data/dates_real.jsonl: one line per sentence, {id, source, row, doc, field, sent, start,
end, article_date, kind, family} — the text is re-read from ../shared/data by `start`/`end` (code points
into that field). Labels are kept apart (benchmarks/data/dates_real_labels_r*.jsonl) and merged in by
`--merge`, which adds value, role and note from reader 1 to dates_real.jsonl.
With --sheet, also writes reading sheets (text; they stay outside the repository).

VietNews has no publication dates: each of its sentences is given as a one-sentence article published
2018-06-15 (the corpus is from about 2016-2019; the date the issue's first study used). AbMuSu's articles
are undated too and mostly from 2022: each of its sentences is given as published 2022-08-01.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import lzma
import os
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "data" / "dates_real.jsonl"
ARTICLE_DATE = {"vietnews": "2018-06-15", "abmusu": "2022-08-01"}

_DM = r"\d{1,2}\s*[/.-]\s*\d{1,2}"
_HOLIDAY = r"(?:8\s*/\s*3|30\s*/\s*4|1\s*/\s*5|2\s*/\s*9|20\s*/\s*11|22\s*/\s*12|27\s*/\s*7|1\s*/\s*6|20\s*/\s*10|3\s*/\s*2|19\s*/\s*5|26\s*/\s*3|10\s*/\s*10|14\s*/\s*2)(?![\d/])"
_CAN = r"(?:giáp|ất|bính|đinh|mậu|kỷ|canh|tân|nhâm|quý)"
_CHI = r"(?:tý|sửu|dần|mão|mẹo|thìn|tỵ|tị|ngọ|mùi|thân|dậu|tuất|hợi)"

# Trap kinds, tried in this order (the rarest first when drawing). Patterns run on the lowercased sentence.
TRAPS: dict[str, str] = {
    "two_digit_year": r"(?<![\d/.,-])(?:0?[1-9]|[12]\d|3[01])([/.])(?:0?[1-9]|1[0-2])\1\d{2}(?![\d/.,-]?\d)"
                      r"(?!\s*(?:%|đồng|triệu|tỷ|usd|km))",
    "canchi": rf"(?:năm|tết|xuân|mùa xuân)\s+{_CAN}\s+{_CHI}\b",
    "lunar": r"âm lịch|\(âl\)|\bâl\b|rằm tháng|(?:mùng|mồng) \d{1,2} tháng|mùng \d+ tết|mồng \d+ tết|tháng giêng|tháng chạp",
    "contract": r"giao (?:tháng|kỳ hạn tháng) \d{1,2}|kỳ hạn (?:giao )?tháng \d{1,2}|hợp đồng (?:tương lai )?(?:tháng|kỳ hạn) \d{1,2}",
    "today_written": r"(?:hôm nay|sáng nay|chiều nay|tối nay|trưa nay|đêm nay|đêm qua|hôm qua|tối qua|sáng qua|chiều qua|"
                     r"ngày mai|sáng mai|chiều mai|tối mai)\s*\(\s*(?:thứ \w+\s*,?\s*)?\d{1,2}\s*[/.-]\s*\d{1,2}",
    "registration": r"đăng ký (?:lần đầu )?(?:từ |vào |)năm \d{4}|sản xuất (?:vào |từ |)năm \d{4}|(?<!qua )\bđời (?:xe )?\d{4}|"
                    r"\bmodel \d{4}|mua (?:từ |vào |)năm \d{4}|đăng kiểm (?:năm|từ năm) \d{4}",
    "report": r"quý (?:i{1,3}|iv|[1-4])\s*/\s*\d{4}|báo cáo (?:tài chính|thường niên|kết quả kinh doanh)[^.;]{0,50}\d{4}|"
              r"năm tài chính \d{4}",
    "term": r"nhiệm kỳ \d{4}\s*[-–—]\s*\d{4}|năm học \d{4}\s*[-–—]\s*\d{4}|niên khóa \d{4}|niên khoá \d{4}|"
            r"mùa giải \d{4}\s*[-–—/]\s*\d{2,4}|khóa \d{4}\s*[-–—]\s*\d{4}|khoá \d{4}\s*[-–—]\s*\d{4}",
    "birth": r"(?<!tuyển )(?<!học )sinh năm \d{4}|\(\s*sn:?\s*\d{4}|\bsn:?\s+\d{4}|sinh ngày \d|(?<!tuyển )(?<!học )\bsinh \d{4}\b|\(\s*\d{4}\s*[-–]\s*\d{4}\s*\)",
    "range": rf"từ (?:ngày )?\d{{1,2}}\s*[-–]\s*{_DM}|từ (?:ngày )?\d{{1,2}}(?:\s*/\s*\d{{1,2}})? (?:đến|tới) (?:hết )?(?:ngày )?{_DM}|"
             rf"(?:hai|2|ba|3) ngày \d{{1,2}}\s*(?:và|-|–)\s*{_DM}",
    "deadline": rf"(?:trước|chậm nhất|hạn chót|đến hết|hết hạn|không muộn hơn|hạn cuối|thời hạn)(?: là| vào| đến)?"
                rf"(?: ngày| hết ngày)? {_DM}|trước (?:ngày )?\d{{1,2}} tháng \d{{1,2}}|(?:trước|đến hết|chậm nhất) (?:tháng|năm) \d",
    "baseline": r"cùng kỳ|so với (?:năm|tháng|quý|đầu năm|cuối năm|thời điểm|hồi)[^,.;]{0,20}\d{4}|so với năm (?:ngoái|trước)",
    "law": r"\b(?:bộ luật|luật|nghị định|thông tư|nghị quyết|quyết định|chỉ thị|điều lệ|hiến pháp|pháp lệnh|công ước|hiệp định|"
           r"hiệp ước)\b[^.;,]{0,60}\bnăm \d{4}|\b(?:nghị định|thông tư|quyết định|nghị quyết)(?: số)? \d+/\d{4}/",
    "period_name": r"giai đoạn \d{4}\s*[-–—]\s*\d{4}|tầm nhìn (?:đến )?(?:năm )?20\d\d|(?:đến|tới) năm 20[2-5]\d|"
                   r"(?:chiến lược|kế hoạch|chương trình|quy hoạch|đề án)[^.;]{0,40}\d{4}\s*[-–—]\s*\d{4}",
    "named_day": rf"\b(?:dịp|lễ|nghỉ lễ|mừng|kỷ niệm|chào mừng|nhân) (?:ngày )?{_HOLIDAY}|"
                 r"\b(?:tết nguyên đán|tết dương lịch|tết âm lịch|giáng sinh|noel|trung thu|valentine|giỗ tổ)(?!\w)|"
                 r"\b(?:lễ|dịp|ngày|kỷ niệm|mừng|nhân|chào mừng|nghỉ)(?: \w+){0,2} quốc khánh(?!\w)",
    "name_year": r"(?:world cup|euro|sea games|asiad|olympic|aff cup|aff suzuki cup|v\.?league|hoa hậu việt nam|"
                 r"miss [a-z]+|festival|expo|apec|seagames|asian cup|u23 châu á|tết)\s*\d{4}|"
                 r"(?:doanh thu|lợi nhuận|lãi)(?: thuần| sau thuế| trước thuế| ròng)?(?: cả)? (?:năm )?20\d\d\b|"
                 r"^\W*(?:năm )?20\d\d\s+(?:là|sẽ|đã|được|đánh dấu|chứng kiến)",
    "history": r"(?:thành lập|xây dựng|khánh thành|ra đời|được xây|khởi công|phát hiện|công nhận)(?: từ| vào)? năm \d{4}|"
               r"từ (?:năm )?\d{4} (?:đến nay|tới nay)|từ những năm \d{4}",
    "two_dates": rf"(?:ký|ban hành|văn bản|công văn|thông báo|báo cáo|quyết định|tờ trình|kết luận|cáo trạng)[^.;]{{0,40}}"
                 rf"ngày {_DM}.{{5,160}}(?:ngày|hôm|sáng|chiều|tối|trưa|đêm) {_DM}|"
                 rf"(?:ngày|hôm|sáng|chiều|tối) {_DM}[^.;]{{5,160}}(?:ngày|hôm|sáng|chiều|tối) {_DM}",
    "duration": r"\d+ (?:năm|tháng) tù|(?:trong|suốt|hơn|gần|sau|mất|kéo dài) \d+ (?:năm|tháng|ngày|tuần)(?! (?:trước|tới|nữa|qua))",
    "lookalike": r"(?:số|số nhà|hẻm|ngõ|kiệt|ngách|phòng) \d+/\d+|tỷ số \d+\s*[-–]\s*\d+|tỉ số \d+\s*[-–]\s*\d+|"
                 r"(?<![\d/])\d{1,2}/\d{1,2}(?![\d/]) (?:số|trận|người|điểm|câu|tỉnh|huyện|xã|học sinh|thành viên|lần|ca|hộ|"
                 r"trường|đội|bàn|phiếu|doanh nghiệp|dự án|bệnh nhân|đơn vị|thí sinh)|covid-19|(?:đạt|thắng|chiếm|được) "
                 r"(?<![\d/])\d{1,2}/\d{1,2}(?![\d/])",
}
# Ordinary families: only sentences matching no trap family.
PLAIN: dict[str, str] = {
    "dm": rf"(?:ngày|hôm|sáng|trưa|chiều|tối|đêm|rạng sáng|khuya)\s+(?:thứ \w+\s*,?\s*)?\(?{_DM}",
    "month": r"tháng \d{1,2}\b|tháng (?:một|hai|ba|tư|năm|sáu|bảy|tám|chín|mười)\b",
    "year": r"năm \d{4}|\b(?:19|20)\d\d\b",
    "relative": r"hôm qua|hôm nay|tuần trước|tuần qua|tuần này|tháng trước|tháng qua|năm ngoái|năm trước|năm nay|vừa qua|"
                r"sáng nay|chiều nay|tối nay|tối qua|đêm qua|ngày mai|tuần tới|tháng tới|năm tới|năm sau|\d+ ngày trước",
    "weekday": r"(?<!lần )(?<!người )thứ (?:hai|ba|tư|năm|sáu|bảy|2|3|4|5|6|7)\b(?! (?:là|của|trong|tại|liên tiếp))|chủ nhật",
}
QUOTA = {"two_digit_year": 10, "canchi": 10, "lunar": 12, "contract": 8, "today_written": 12, "registration": 8,
         "report": 10, "term": 10, "birth": 16, "range": 12, "deadline": 12, "baseline": 12, "law": 14,
         "period_name": 12, "named_day": 12, "name_year": 12, "history": 10, "two_dates": 14, "duration": 10,
         "lookalike": 10,
         "dm": 80, "month": 30, "year": 25, "relative": 25, "weekday": 12, "none": 80}
ABMUSU_SHARE = 0.3
PLAIN_RATE = 0.06          # share of VietNews sentences considered for the (plentiful) ordinary families
_TRAP_RE = {k: re.compile(v) for k, v in TRAPS.items()}
_PLAIN_RE = {k: re.compile(v) for k, v in PLAIN.items()}
_ANY_DATEISH = re.compile(r"\d|hôm|tuần|tháng|năm|sáng|chiều|tối|đêm|trưa|thứ|chủ nhật|nay|qua|mai|tết|rằm|mùng|mồng")
_SPLIT = re.compile(r"(?<=[.!?…])[\"”»')\]]*\s+(?=[\"“«(\[]?[A-ZÀ-Ỹ0-9Đ])")


def _h(*parts) -> float:
    return int(hashlib.sha1("\x1f".join(map(str, parts)).encode()).hexdigest()[:8], 16) / 0xFFFFFFFF


def split_sentences(text: str) -> list[tuple[int, int]]:
    """[start, end) of each sentence: lines are paragraphs, sentences end at . ! ? … before a capital."""
    spans, pos = [], 0
    for line in text.split("\n"):
        a = 0
        for m in _SPLIT.finditer(line):
            spans.append((pos + a, pos + m.start()))
            a = m.end()
        spans.append((pos + a, pos + len(line)))
        pos += len(line) + 1
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append((a, b))
    return out


def vietnews_sentences(path: Path):
    with lzma.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            text = row["text"]
            pos = 0
            for k, s in enumerate(text.split("\n")):
                yield ("vietnews", row["id"], None, "text", k, pos, pos + len(s), s)
                pos += len(s) + 1


def abmusu_sentences(path: Path):
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            row = json.loads(line)
            for d, doc in enumerate(row["single_documents"]):
                for field in ("anchor_text", "raw_text"):
                    text = doc.get(field) or ""
                    for k, (a, b) in enumerate(split_sentences(text)):
                        yield ("abmusu", n, d, field, k, a, b, text[a:b])


def usable(s: str) -> bool:
    return 8 <= len(s.split()) <= 70 and (s[:1].isupper() or s[:1].isdigit() or s[:1] in "\"“(")


def families(s: str, sampled_plain: bool) -> list[str]:
    low = s.lower()
    traps = [k for k, r in _TRAP_RE.items() if r.search(low)]
    if traps:
        return traps
    if not sampled_plain:
        return []
    plain = [k for k, r in _PLAIN_RE.items() if r.search(low)]
    if plain:
        return plain[:1]
    return ["none"] if not re.search(r"\d", low) else []


def collect(data: Path) -> dict[str, list[tuple]]:
    pools: dict[str, list[tuple]] = {k: [] for k in QUOTA}
    streams = [abmusu_sentences(data / "abmusu" / "train.jsonl"), vietnews_sentences(data / "vietnews" / "train.jsonl.xz")]
    for stream in streams:
        for ref in stream:
            source, row, doc, field, k, a, b, s = ref
            if not usable(s):
                continue
            plain_ok = source == "abmusu" or _h("plain", row, k) < PLAIN_RATE
            if not (plain_ok or _ANY_DATEISH.search(s.lower())):
                continue
            for fam in families(s, plain_ok):
                pools[fam].append(ref)
    return pools


def choose(pools: dict[str, list[tuple]], seed: int) -> list[dict]:
    rng = random.Random(seed)
    used_articles, used_texts, chosen = set(), set(), []
    order = sorted(pools, key=lambda f: (f in PLAIN or f == "none", len(pools[f])))   # rarest traps first
    for fam in order:
        quota = QUOTA[fam]
        by_source = {src: sorted((r for r in pools[fam] if r[0] == src), key=lambda r: _h(seed, fam, *r[:6]))
                     for src in ("abmusu", "vietnews")}
        want_ab = round(quota * ABMUSU_SHARE)
        picked: list[tuple] = []
        for src, n in (("abmusu", want_ab), ("vietnews", quota)):
            for r in by_source[src]:
                if len(picked) >= (n if src == "abmusu" else quota):
                    break
                art, text = (r[0], r[1], r[2]), " ".join(r[7].split())
                if art in used_articles or text in used_texts:
                    continue
                used_articles.add(art)
                used_texts.add(text)
                picked.append(r)
        for r in picked:
            source, row, doc, field, k, a, b, _ = r
            chosen.append({"source": source, "row": row, "doc": doc, "field": field, "sent": k, "start": a, "end": b,
                           "article_date": ARTICLE_DATE[source], "kind": "plain" if fam in PLAIN or fam == "none" else fam,
                           "family": fam})
    rng.shuffle(chosen)
    for i, c in enumerate(chosen, 1):
        c["id"] = f"d{i:03d}"
    keys = ["id", "source", "row", "doc", "field", "sent", "start", "end", "article_date", "kind", "family"]
    return [{k: c[k] for k in keys} for c in chosen]


def texts(items: list[dict], data: Path) -> dict[str, str]:
    """The sentences' text, re-read from the shared data by reference (used by the benchmark too)."""
    want_vn = {it["row"]: [] for it in items if it["source"] == "vietnews"}
    for it in items:
        if it["source"] == "vietnews":
            want_vn[it["row"]].append(it)
    out: dict[str, str] = {}
    ab = [it for it in items if it["source"] == "abmusu"]
    if ab:
        lines = (data / "abmusu" / "train.jsonl").read_text(encoding="utf-8").splitlines()
        for it in ab:
            doc = json.loads(lines[it["row"] - 1])["single_documents"][it["doc"]]
            out[it["id"]] = doc[it["field"]][it["start"]:it["end"]]
    if want_vn:
        left = len(want_vn)
        with lzma.open(data / "vietnews" / "train.jsonl.xz", "rt", encoding="utf-8") as fh:
            for line in fh:
                if not left:
                    break
                rid = line[8:line.index('"', 8)] if line.startswith('{"id": "') else json.loads(line)["id"]
                if rid not in want_vn:
                    continue
                row = json.loads(line)
                for it in want_vn[row["id"]]:
                    out[it["id"]] = row[it["field"]][it["start"]:it["end"]]
                left -= 1
    return out


def load(path: Path = OUT) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def merge(path: Path = OUT, labels: Path = OUT.with_name("dates_real_labels_r1.jsonl")) -> None:
    """Add reader 1's value, role and note to dates_real.jsonl (the references are left as they are)."""
    items = load(path)
    lab = {x["id"]: x for x in load(labels)}
    missing = [it["id"] for it in items if it["id"] not in lab]
    if missing:
        raise SystemExit(f"no reader-1 label for {len(missing)} ids: {missing[:10]}")
    with open(path, "w", encoding="utf-8") as fh:
        for it in items:
            label = lab[it["id"]]
            it.update(value=label["value"], role=label["role"], note=label.get("note", ""))
            fh.write(json.dumps(it, ensure_ascii=False) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=os.environ.get("TOMTAT_DATA") or str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--counts", action="store_true", help="only print the pool size of each family")
    ap.add_argument("--sheet", default=None, help="write a reading sheet of every sentence to this folder")
    ap.add_argument("--merge", action="store_true", help="merge reader 1's labels into dates_real.jsonl")
    args = ap.parse_args()
    if args.merge:
        merge()
        return
    data = Path(args.data)
    pools = collect(data)
    for fam, pool in pools.items():
        print(f"{fam:15s} {len(pool):7d} (abmusu {sum(1 for r in pool if r[0] == 'abmusu')})", file=sys.stderr)
    if args.counts:
        return
    items = choose(pools, args.seed)
    if OUT.exists():
        old = {x["id"]: x for x in load(OUT)}
        keep = ("value", "role", "note")
        for it in items:
            o = old.get(it["id"])
            if o and all(o.get(k) == it.get(k) for k in ("source", "row", "doc", "field", "start", "end")):
                it.update({k: o[k] for k in keep if k in o})
    OUT.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in items), encoding="utf-8")
    print(f"{len(items)} sentences ({sum(1 for x in items if x['kind'] != 'plain')} drawn as traps) -> {OUT}",
          file=sys.stderr)
    if args.sheet:
        sheet = Path(args.sheet)
        sheet.mkdir(parents=True, exist_ok=True)
        text = texts(items, data)
        with open(sheet / "all.txt", "w", encoding="utf-8") as fh:
            for it in items:
                fh.write(f"{it['id']}\t{it['article_date']}\t{it['family']}\t{text[it['id']]}\n")


if __name__ == "__main__":
    main()
