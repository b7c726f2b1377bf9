#!/usr/bin/env python3
"""Write data/keywords/hant.tsv: the Traditional Chinese characters that fold to a Simplified
one used in the zh rows of keywords.tsv and modifiers.tsv ("退訂" reads as "退订").

The mapping is OpenCC's TSCharacters.txt (Apache-2.0; first candidate of each entry), as
shipped in the PyPI package opencc-python-reimplemented 0.1.7:
    pip download opencc-python-reimplemented==0.1.7 --no-deps -d /tmp/occ
    (cd /tmp/occ && unzip -o -q *.whl)
    python3 scripts/hant-table.py /tmp/occ/opencc/dictionary/TSCharacters.txt
Only characters the tables use are kept: folding any other one would change no match.
"""
import sys

SOURCE = "OpenCC TSCharacters.txt (Apache-2.0), first candidate; scripts/hant-table.py"


def table_chars(path, col):
    chars = set()
    for line in open(path, encoding="utf8"):
        cells = line.rstrip("\n").split("\t")
        if cells[0] == "zh" and len(cells) > col:
            chars.update(c for c in cells[col] if "\u3400" <= c <= "\u9fff")
    return chars


def main():
    used = table_chars("data/keywords/keywords.tsv", 3) | table_chars("data/keywords/modifiers.tsv", 2)
    pairs = []
    for line in open(sys.argv[1], encoding="utf8"):
        trad, simp = line.rstrip("\n").split("\t")
        simp = simp.split(" ")[0]
        if trad != simp and simp in used:
            pairs.append((trad, simp))
    with open("data/keywords/hant.tsv", "w", encoding="utf8") as out:
        out.write("traditional\tsimplified\tsource\n")
        for k, (trad, simp) in enumerate(sorted(pairs)):
            out.write(f"{trad}\t{simp}\t{SOURCE if k == 0 else chr(34)}\n")
    print(f"data/keywords/hant.tsv: {len(pairs)} characters for {len(used)} used in zh rows")


main()
