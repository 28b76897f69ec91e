//! Labelled fields, Markdown links and arXiv ids of one paper block.
#![no_main]

use libfuzzer_sys::fuzz_target;
use paperpress::content::block;
use paperpress::content::fields::{self, Line};
use paperpress::content::ledger::{Ledger, Use};
use paperpress::model::PaperDraft;

fuzz_target!(|data: &[u8]| {
    let text = paperpress::content::text::decode(data).text;
    let lines = Line::numbered(&text);
    for l in &lines {
        for link in fields::md_links(l.text) {
            assert!(link.start < link.end && link.end <= l.text.len());
        }
        let _ = fields::label_of(l.text);
        let _ = fields::is_structural(l.text);
        let _ = fields::first_arxiv_id(l.text);
        let _ = fields::category_codes(l.text);
        let _ = paperpress::arxiv::id_from_url(l.text);
        let _ = paperpress::arxiv::is_category_code(l.text);
    }
    let mut ledger = Ledger::new(lines.iter().map(|l| l.text));
    let read = block::read(&lines, &mut ledger);
    // Every line of a paper's block is shown, shown as unlabelled text, or structure.
    assert_eq!(ledger.count(Use::Unread), 0);
    assert_eq!(ledger.count(Use::Outside) + ledger.count(Use::Lost), 0);
    let mut paper = PaperDraft::default();
    let mut notes = Vec::new();
    fields::fill_paper(&mut paper, read, &mut notes);
    let _ = paperpress::content::text::join_wrapped(&text.lines().collect::<Vec<_>>());
});
