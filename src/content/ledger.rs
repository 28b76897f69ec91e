//! What became of every line of a digest file: shown on a paper's page, shown as unlabelled
//! text, dropped as structure, or not shown at all. Readers mark each line they use; a line
//! no reader marked is lost, and the count says so. Nothing can go missing unseen.

/// What became of one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Use {
    /// Empty or only white space: nothing to show.
    Blank,
    /// Not yet read: a line that stays so is lost.
    Unread,
    /// Shown on a paper's page: its title, authors, a field, a section.
    Shown,
    /// Shown on a paper's page as text under no label (its "More" section).
    Text,
    /// Dropped as structure: tables of contents, separators, back links, HTML wrappers,
    /// section headings, front matter, labels with nothing after them.
    Structure,
    /// Text outside any paper: not on any paper's page.
    Outside,
    /// Under a paper's heading but on no page (a paper that could not be read).
    Lost,
}

/// One [`Use`] per line of a file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ledger {
    uses: Vec<Use>,
}

impl Ledger {
    /// A ledger for `lines`: blank lines are [`Use::Blank`], the rest [`Use::Unread`].
    pub fn new<'a>(lines: impl IntoIterator<Item = &'a str>) -> Ledger {
        Ledger {
            uses: lines
                .into_iter()
                .map(|l| {
                    if l.trim().is_empty() {
                        Use::Blank
                    } else {
                        Use::Unread
                    }
                })
                .collect(),
        }
    }

    /// Marks line `no` (1-based). Blank lines stay blank; unknown lines are ignored.
    pub fn mark(&mut self, no: usize, to: Use) {
        if let Some(u) = no.checked_sub(1).and_then(|i| self.uses.get_mut(i))
            && *u != Use::Blank
        {
            *u = to;
        }
    }

    /// Marks the lines `from..=to`.
    pub fn mark_range(&mut self, from: usize, to: usize, to_use: Use) {
        for no in from..=to {
            self.mark(no, to_use);
        }
    }

    /// What line `no` became.
    pub fn get(&self, no: usize) -> Use {
        no.checked_sub(1)
            .and_then(|i| self.uses.get(i))
            .copied()
            .unwrap_or(Use::Blank)
    }

    /// Marks every line still unread as `to`.
    pub fn settle(&mut self, to: Use) {
        for u in &mut self.uses {
            if *u == Use::Unread {
                *u = to;
            }
        }
    }

    pub fn count(&self, u: Use) -> usize {
        self.uses.iter().filter(|&&x| x == u).count()
    }

    /// The lines (1-based) of one use.
    pub fn lines(&self, u: Use) -> Vec<usize> {
        self.uses
            .iter()
            .enumerate()
            .filter(|&(_, &x)| x == u)
            .map(|(i, _)| i + 1)
            .collect()
    }

    pub fn len(&self) -> usize {
        self.uses.len()
    }

    pub fn is_empty(&self) -> bool {
        self.uses.is_empty()
    }

    /// The figures of this file.
    pub fn tally(&self) -> Tally {
        let mut t = Tally::default();
        for u in &self.uses {
            match u {
                Use::Blank => {}
                Use::Shown => t.shown += 1,
                Use::Text => t.text += 1,
                Use::Structure => t.structure += 1,
                Use::Outside => t.outside += 1,
                Use::Unread | Use::Lost => t.lost += 1,
            }
        }
        t
    }
}

/// How many lines of a file (or of many) went each way.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub shown: usize,
    pub text: usize,
    pub structure: usize,
    pub outside: usize,
    pub lost: usize,
}

impl Tally {
    /// Every line that is not blank.
    pub fn total(&self) -> usize {
        self.shown + self.text + self.structure + self.outside + self.lost
    }

    pub fn add(&mut self, o: Tally) {
        self.shown += o.shown;
        self.text += o.text;
        self.structure += o.structure;
        self.outside += o.outside;
        self.lost += o.lost;
    }
}

/// Line numbers as short ranges: `3, 7-9, 12`.
pub fn ranges(lines: &[usize]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < lines.len() {
        let start = lines[i];
        let mut end = start;
        while i + 1 < lines.len() && lines[i + 1] == end + 1 {
            i += 1;
            end = lines[i];
        }
        if !out.is_empty() {
            out.push_str(", ");
        }
        if end == start {
            out.push_str(&start.to_string());
        } else {
            out.push_str(&format!("{start}-{end}"));
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unread_lines_are_lost_and_blank_lines_stay_blank() {
        let mut l = Ledger::new(["a", "", "b", "c", "  "]);
        l.mark(1, Use::Shown);
        l.mark(2, Use::Shown);
        l.mark(4, Use::Structure);
        l.mark(99, Use::Shown);
        assert_eq!(l.get(2), Use::Blank);
        assert_eq!(
            l.tally(),
            Tally {
                shown: 1,
                structure: 1,
                lost: 1,
                ..Tally::default()
            }
        );
        l.settle(Use::Outside);
        assert_eq!(l.lines(Use::Outside), [3]);
    }

    #[test]
    fn line_ranges() {
        assert_eq!(ranges(&[1, 2, 3, 5, 7, 8]), "1-3, 5, 7-8");
        assert_eq!(ranges(&[]), "");
    }
}
