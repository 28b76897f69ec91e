//! The hash that fingerprints are made of, and the hash of a paper. A page's fingerprint
//! is the hash of its inputs in the page plan (`plan.rs`).

use xxhash_rust::xxh3::Xxh3;

use crate::model::Paper;

/// A streaming hash with unambiguous framing of its parts.
#[derive(Default, Clone)]
pub struct Fp(Xxh3);

impl Fp {
    pub fn new(tag: &str) -> Fp {
        let mut f = Fp(Xxh3::new());
        f.str(tag);
        f
    }

    pub fn str(&mut self, s: &str) -> &mut Self {
        self.0.update(&(s.len() as u64).to_le_bytes());
        self.0.update(s.as_bytes());
        self
    }

    pub fn num(&mut self, n: u64) -> &mut Self {
        self.0.update(&n.to_le_bytes());
        self
    }

    pub fn finish(&self) -> u64 {
        self.0.digest()
    }
}

/// The hash of everything a paper holds.
pub fn paper_hash(p: &Paper) -> u64 {
    let mut f = Fp::new("paper");
    for s in [
        p.id.as_str(),
        p.title(),
        p.title_zh(),
        &p.category,
        p.tldr(),
        p.motivation(),
        p.method(),
        p.result(),
        p.conclusion(),
        p.abstract_en(),
        p.abstract_zh(),
    ] {
        f.str(s);
    }
    f.num(p.authors().len() as u64);
    for a in p.authors() {
        f.str(a);
    }
    f.num(p.other_categories.len() as u64);
    for c in &p.other_categories {
        f.str(c);
    }
    f.num(p.extra.len() as u64);
    for (l, v) in &p.extra {
        f.str(l).str(v);
    }
    f.num(p.sections.len() as u64);
    for (t, b) in &p.sections {
        f.str(t).str(b);
    }
    f.str(p.more());
    f.num(p.tags.len() as u64);
    for t in &p.tags {
        f.str(t);
    }
    f.num(p.appearances.len() as u64);
    for a in &p.appearances {
        f.str(&a.date.to_string())
            .str(&a.path.to_string_lossy())
            .num(a.line as u64);
    }
    f.finish()
}
