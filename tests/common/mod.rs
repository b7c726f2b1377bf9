//! Helpers shared by the integration tests: where the shared corpora live and how to read them.
#![allow(dead_code)]

use std::path::PathBuf;

/// The shared data folder (`../shared/data` next to the repository, or `$CONSENTRY_SHARED_DATA`).
/// Panics with a clear message when it is missing: tests never skip silently.
pub fn shared_data() -> PathBuf {
    let candidates = [
        std::env::var_os("CONSENTRY_SHARED_DATA").map(PathBuf::from),
        Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data")),
        Some(PathBuf::from("/work/shared/data")),
    ];
    for c in candidates.into_iter().flatten() {
        if c.join("SOURCES.md").is_file() {
            return c;
        }
    }
    panic!("shared corpora not found: set CONSENTRY_SHARED_DATA to the folder holding SOURCES.md");
}

/// Read a CSV file with a header row into maps from column name to value.
pub fn read_csv(relative: &str) -> Vec<std::collections::HashMap<String, String>> {
    let path = shared_data().join(relative);
    let mut reader = csv::ReaderBuilder::new()
        .from_path(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            headers
                .iter()
                .map(String::from)
                .zip(r.iter().map(String::from))
                .collect()
        })
        .collect()
}

/// Rows of one of our TSV test tables (`tests/data/*.tsv`): `#` lines are comments.
#[allow(dead_code)] // not every test binary reads a TSV table
pub fn tsv_rows(text: &str) -> Vec<Vec<&str>> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| l.split('\t').collect())
        .collect()
}

/// The end of a test that reads many variants of our tables: more than `at_least` were read,
/// and none was misread (each failure says how it read).
pub fn assert_all_read(failures: &[String], n: usize, at_least: usize) {
    assert!(n > at_least, "{n} variants");
    assert!(
        failures.is_empty(),
        "{} of {n}:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
