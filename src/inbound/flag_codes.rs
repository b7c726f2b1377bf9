// The keyword table's flags and the one-letter codes the embedded copy writes for them
// (`build.rs` writes them, `tables.rs` reads both forms). Upper case: a cell of codes never
// reads as a flag word.
&[
    ("fcc", 'F'),
    ("strong", 'S'),
    ("fuzzy", 'Z'),
    ("ctx", 'C'),
    ("weak", 'W'),
    ("sentence", 'N'),
    ("verb", 'V'),
    ("speaker", 'P'),
    ("about", 'A'),
    ("name", 'M'),
]
