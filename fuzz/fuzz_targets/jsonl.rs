//! The JSON Lines reader (and its Python-literal fallback) on any lines.
#![no_main]

use libfuzzer_sys::fuzz_target;
use paperpress::content::fields::Line;
use paperpress::content::jsonl;
use paperpress::content::ledger::{Ledger, Use};

fuzz_target!(|data: &[u8]| {
    let text = paperpress::content::text::decode(data).text;
    let lines = Line::numbered(&text);
    let mut ledger = Ledger::new(lines.iter().map(|l| l.text));
    let parsed = jsonl::parse(&lines, &mut ledger);
    // Each line is a paper (shown) or a warning (lost); none is left unread.
    assert_eq!(ledger.count(Use::Unread), 0);
    assert_eq!(parsed.papers.len(), ledger.count(Use::Shown));
    assert!(parsed.notes.len() >= ledger.count(Use::Lost));
    for (line, paper) in &parsed.papers {
        assert!(*line >= 1 && *line <= lines.len());
        assert!(!paper.id.is_empty() && !paper.title.is_empty());
    }
    for l in &lines {
        let _ = jsonl::python_literal(l.text);
    }
});
