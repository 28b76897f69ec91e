//! The `generic` parser on any lines (and its format detection).
#![no_main]

use libfuzzer_sys::fuzz_target;
use paperpress::content::fields::Line;
use paperpress::content::ledger::{Ledger, Use};
use paperpress::content::generic;

fuzz_target!(|data: &[u8]| {
    let text = paperpress::content::text::decode(data).text;
    let lines = Line::numbered(&text);
    let _ = paperpress::content::detect(&lines);
    let mut ledger = Ledger::new(lines.iter().map(|l| l.text));
    let parsed = generic::parse(&lines, &mut ledger);
    // Every line is accounted for: shown, unlabelled text, structure, outside or lost.
    assert_eq!(ledger.count(Use::Unread), 0);
    for (line, paper) in &parsed.papers {
        assert!(*line >= 1 && *line <= lines.len());
        assert!(!paper.id.is_empty());
    }
    for (line, _) in &parsed.notes {
        assert!(*line <= lines.len());
    }
});
