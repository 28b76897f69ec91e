//! One arXiv id listed with different data in two places. The first listing in (day, file,
//! line) order gives the paper its fields, as [`crate::model::Site::from_digests`] merges
//! them; what later ones say differently is kept beside them. Each later listing with
//! another title gets a warning.

use std::collections::{HashMap, HashSet};

use crate::diagnostic::Diagnostic;
use crate::model::{Digest, Paper};

/// Warnings for listings of a paper whose title differs from the kept one's; of the papers
/// `only` if it is given.
pub fn conflicts<'a>(
    digests: impl Iterator<Item = &'a Digest>,
    only: Option<&HashSet<&str>>,
) -> Vec<Diagnostic> {
    let mut order: Vec<&Digest> = digests.collect();
    crate::model::sort_digests(&mut order);
    let mut first: HashMap<&str, (&Paper, &Digest)> = HashMap::new();
    let mut out = Vec::new();
    for digest in order {
        let papers = digest.papers.iter();
        for paper in papers.filter(|p| only.is_none_or(|ids| ids.contains(p.id.as_str()))) {
            let Some(&(kept, kept_in)) = first.get(paper.id.as_str()) else {
                first.insert(&paper.id, (paper, digest));
                continue;
            };
            // A paper listed again on a later day often gets a new TL;DR or summary: only
            // a different title is a conflict.
            if kept.title().is_empty()
                || paper.title().is_empty()
                || same_text(kept.title(), paper.title())
            {
                continue;
            }
            let line = paper.appearances.first().map_or(0, |a| a.line);
            let kept_line = kept.appearances.first().map_or(0, |a| a.line);
            out.push(Diagnostic::warning(
                &digest.path,
                line,
                format!(
                    "paper {} has a different title at {}:{} ({}); that title is the paper's, this one is shown among its other fields",
                    paper.id,
                    kept_in.path.display(),
                    kept_line,
                    kept_in.date,
                ),
            ));
        }
    }
    out
}

/// Equal but for spacing.
fn same_text(a: &str, b: &str) -> bool {
    a.split_whitespace().eq(b.split_whitespace())
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn a_later_listing_that_disagrees_is_warned_about() {
        let a = "### [1] [Old Title](https://arxiv.org/abs/2506.00001)\nTL;DR: same\n";
        let b = "### [1] [New  Title](https://arxiv.org/abs/2506.00001v2)\n\nTL;DR:  same\n";
        let (da, _) =
            super::super::parse_file(Path::new("a.md"), Path::new("2025-06-02.md"), a.as_bytes());
        let (db, _) =
            super::super::parse_file(Path::new("b.md"), Path::new("2025-06-01.md"), b.as_bytes());
        let digests = [da.unwrap(), db.unwrap()];
        let w = conflicts(digests.iter(), None);
        assert_eq!(w.len(), 1, "{w:?}");
        // b.md is the earlier day: it is kept, a.md is warned about.
        assert_eq!(
            w[0].to_string(),
            "a.md:1: warning: paper 2506.00001 has a different title at b.md:1 (2025-06-01); that title is the paper's, this one is shown among its other fields"
        );
    }
}
