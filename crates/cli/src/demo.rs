//! The bundled demo corpus, compiled into the binary so that `newsfuse
//! demo` runs from any directory. The files live under `demo/` in the
//! repository; a test checks that this list and that folder agree.

use newsfuse_ingest::{read_bytes, ReadOutcome};

/// (path as shown in output, contents).
pub const FILES: &[(&str, &[u8])] = &[
    (
        "demo/coastal-wire/wire.json",
        include_bytes!("../../../demo/coastal-wire/wire.json"),
    ),
    (
        "demo/daily-meridian/border-talks.html",
        include_bytes!("../../../demo/daily-meridian/border-talks.html"),
    ),
    (
        "demo/daily-meridian/kestrova-fire.html",
        include_bytes!("../../../demo/daily-meridian/kestrova-fire.html"),
    ),
    (
        "demo/eastgate-herald/feed.jsonl",
        include_bytes!("../../../demo/eastgate-herald/feed.jsonl"),
    ),
    (
        "demo/harbour-ledger/kestrova-terminal-fire.txt",
        include_bytes!("../../../demo/harbour-ledger/kestrova-terminal-fire.txt"),
    ),
    (
        "demo/harbour-ledger/valdoria-rate-rise.txt",
        include_bytes!("../../../demo/harbour-ledger/valdoria-rate-rise.txt"),
    ),
    (
        "demo/northwind-post/grain-terminal-blaze.md",
        include_bytes!("../../../demo/northwind-post/grain-terminal-blaze.md"),
    ),
    (
        "demo/northwind-post/rates-decision.md",
        include_bytes!("../../../demo/northwind-post/rates-decision.md"),
    ),
    (
        "demo/valdoria-times/border-talks.txt",
        include_bytes!("../../../demo/valdoria-times/border-talks.txt"),
    ),
    (
        "demo/valdoria-times/rate-rise.html",
        include_bytes!("../../../demo/valdoria-times/rate-rise.html"),
    ),
];

/// Read the demo corpus as if from files.
pub fn read() -> ReadOutcome {
    let mut out = ReadOutcome::default();
    for (path, bytes) in FILES {
        let (records, diags) = read_bytes(path, bytes);
        out.records.extend(records);
        out.diagnostics.extend(diags);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_embedded_list_matches_the_demo_folder() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo");
        let mut on_disk = Vec::new();
        let mut stack = vec![root.clone()];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap().flatten() {
                if e.path().is_dir() {
                    stack.push(e.path());
                } else {
                    on_disk.push(format!("demo/{}", e.path().strip_prefix(&root).unwrap().display()));
                }
            }
        }
        on_disk.sort();
        let embedded: Vec<String> = super::FILES.iter().map(|(p, _)| p.to_string()).collect();
        assert_eq!(embedded, on_disk, "demo/ changed: update crates/cli/src/demo.rs");
    }
}
