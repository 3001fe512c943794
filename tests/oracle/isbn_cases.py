#!/usr/bin/env python3
"""ISBN cases judged by isbnlib (https://pypi.org/project/isbnlib/), an outside
oracle for citecheck's ISBN reading.

    isbn_cases.py generate > tests/fixtures/isbn/isbnlib_cases.tsv
    isbn_cases.py verify tests/fixtures/isbn/isbnlib_cases.tsv

`generate` writes a few hundred cases (seeded, so the table is stable): valid
ISBN-10 and ISBN-13, wrong checksums, wrong lengths, bad prefixes, a misplaced
X (in every position, under every grouping), a lower-case x, odd groupings (separators anywhere), under every label form
citecheck reads. Each row holds the sentence, the number as written, the class
the case was made as, and isbnlib's verdict: valid or not, and the ISBN-13.
`verify` asks isbnlib again and prints every row where it now disagrees with
the table (exit 1), so the checked-in table cannot drift from the oracle.
tests/inputs/isbn_oracle.rs holds citecheck to the table, and runs `verify` when
python3 and isbnlib are installed.
"""

import random
import sys

import isbnlib

LABELS = ["ISBN ", "ISBN-13: ", "ISBN-10: ", "isbn ", "ISBN：", "ISBN: ", "Isbn "]
SEPARATORS = [" ", "-", "-", " ", "\u00a0"]


def check10(nine):
    total = sum((10 - i) * int(d) for i, d in enumerate(nine))
    digit = (11 - total % 11) % 11
    return "X" if digit == 10 else str(digit)


def check13(twelve):
    total = sum((1 if i % 2 == 0 else 3) * int(d) for i, d in enumerate(twelve))
    return str((10 - total % 10) % 10)


def digits(rng, n):
    return "".join(rng.choice("0123456789") for _ in range(n))


def group(rng, compact, how):
    """Writes a compact number with separators: none, the usual hyphens, or
    anywhere (odd grouping)."""
    if how == "compact":
        return compact
    if how == "usual":
        if len(compact) == 13:
            cuts = [3, 4, 8, 12]
        else:
            cuts = [1, 4, 9]
        sep = rng.choice(["-", " "])
    else:
        cuts = sorted(rng.sample(range(1, len(compact)), rng.randint(2, 5)))
        sep = None
    out, last = [], 0
    for cut in cuts + [len(compact)]:
        if compact[last:cut]:
            out.append(compact[last:cut])
        last = cut
    if sep is not None:
        return sep.join(out)
    written = out[0]
    for part in out[1:]:
        written += rng.choice(SEPARATORS) + part
    return written


def wrong(digit):
    return str((int(digit) + 1) % 10) if digit != "X" else "0"


def cases(rng):
    """(class, compact number) pairs."""
    for _ in range(60):
        body = rng.choice(["978", "979"]) + digits(rng, 9)
        yield "valid13", body + check13(body)
    for _ in range(50):
        nine = digits(rng, 9)
        yield "valid10", nine + check10(nine)
    for _ in range(10):
        # Check digit X, upper and lower case.
        while True:
            nine = digits(rng, 9)
            if check10(nine) == "X":
                break
        yield "valid10", nine + rng.choice(["X", "x"])
    for _ in range(40):
        body = rng.choice(["978", "979"]) + digits(rng, 9)
        yield "checksum", body + wrong(check13(body))
    for _ in range(30):
        nine = digits(rng, 9)
        yield "checksum", nine + wrong(check10(nine))
    for _ in range(30):
        n = rng.choice([9, 11, 12])
        prefix = rng.choice(["978", "979", ""])
        yield "length", prefix + digits(rng, n - len(prefix))
    for _ in range(25):
        body = rng.choice(["977", "123", "980", "400"]) + digits(rng, 9)
        yield "prefix", body + check13(body)
    for _ in range(25):
        nine = digits(rng, 9)
        whole = nine + check10(nine).replace("X", "0")
        at = rng.randrange(0, 9)
        yield "characters", whole[:at] + "X" + whole[at + 1:]


def misplaced_x(rng):
    """A misplaced X in every position but the last of an ISBN-10, and in
    every position of an ISBN-13 (where no X is allowed), each written
    compact, with the usual hyphens and grouped oddly: (class, compact,
    grouping)."""
    for n in (10, 13):
        for at in range(n if n == 13 else n - 1):
            if n == 10:
                nine = digits(rng, 9)
                whole = nine + check10(nine).replace("X", "0")
            else:
                body = rng.choice(["978", "979"]) + digits(rng, 9)
                whole = body + check13(body)
            written = whole[:at] + rng.choice(["X", "x"]) + whole[at + 1:]
            for how in ("compact", "usual", "odd"):
                yield "characters", written, how


def row(rng, kind, compact, how=None):
    """A case's row; `how` forces the grouping (the random cases draw it)."""
    chosen = rng.choice(["compact", "usual", "odd"])
    if how is None:
        # Kept so the table's older rows stay as they were; misplaced_x
        # writes a leading X under every grouping.
        how = "compact" if kind == "characters" and compact.startswith("X") else chosen
    written = group(rng, compact, how)
    label = rng.choice(LABELS)
    # A number after the ISBN must not be read into it.
    after = " 123 pp." if kind != "length" and rng.random() < 0.2 else ", p. 3."
    text = f"Smith, A Book, 2001, {label}{written}{after}"
    valid = isbnlib.is_isbn10(written) or isbnlib.is_isbn13(written)
    isbn13 = isbnlib.to_isbn13(written) if valid else ""
    return text, written, kind, "true" if valid else "false", isbn13


def generate():
    rng = random.Random(10)
    print("# text\tnumber\tclass\tisbnlib_valid\tisbnlib_isbn13")
    print("# generated by tests/oracle/isbn_cases.py with isbnlib", isbnlib.__version__)
    for kind, compact in cases(rng):
        print("\t".join(row(rng, kind, compact)))
    for kind, compact, how in misplaced_x(rng):
        print("\t".join(row(rng, kind, compact, how)))


def verify(path):
    disagreements = 0
    rows = 0
    with open(path, encoding="utf-8") as table:
        for line in table:
            if line.startswith("#") or not line.strip():
                continue
            rows += 1
            _text, written, _kind, valid, isbn13 = line.rstrip("\n").split("\t")
            now_valid = isbnlib.is_isbn10(written) or isbnlib.is_isbn13(written)
            now_isbn13 = isbnlib.to_isbn13(written) if now_valid else ""
            if ("true" if now_valid else "false", now_isbn13) != (valid, isbn13):
                disagreements += 1
                print(f"isbnlib now says {now_valid} {now_isbn13!r} for {written!r}; table: {valid} {isbn13!r}")
    print(f"{rows} rows, {disagreements} disagreements with isbnlib {isbnlib.__version__}")
    return 1 if disagreements else 0


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "generate":
        generate()
    elif len(sys.argv) == 3 and sys.argv[1] == "verify":
        sys.exit(verify(sys.argv[2]))
    else:
        sys.exit(__doc__)
