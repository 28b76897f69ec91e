//! arXiv identifiers, links and the category taxonomy.

/// A text with a meaning of its own: compared, hashed, shown and serialised as its text,
/// and read as a `&str` wherever one is wanted.
macro_rules! text_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                $name(s)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                $name(s.to_string())
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                self.0 == *other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }
    };
}

text_type!(
    /// An arXiv identifier without its version: `2506.20747`, or old-style `hep-th/9901001`.
    /// The readers make them with [`parse_id`] and [`id_from_url`]; one paper of the site
    /// per id.
    ArxivId
);

text_type!(
    /// The code of a category papers are filed under: an arXiv category (`cs.CL`, checked by
    /// [`is_category_code`]) or site.toml's `default_category`. Empty on a paper that named
    /// none, until the site files it.
    CategoryCode
);

/// Extracts the arXiv id from an abs, pdf or html link, without its version suffix.
///
/// Accepts `https://arxiv.org/abs/2506.20747v2`, `http://www.arxiv.org/pdf/2506.06254.pdf`,
/// `arxiv.org/abs/hep-th/9901001` and the like.
pub fn id_from_url(url: &str) -> Option<ArxivId> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(url);
    let rest = rest
        .strip_prefix("www.")
        .or_else(|| rest.strip_prefix("export."))
        .unwrap_or(rest);
    let path = rest.strip_prefix("arxiv.org/")?;
    let path = ["abs/", "pdf/", "html/"]
        .iter()
        .find_map(|p| path.strip_prefix(p))?;
    let path = path.split(['?', '#']).next().unwrap_or("");
    let path = path.strip_suffix('/').unwrap_or(path);
    let path = path.strip_suffix(".pdf").unwrap_or(path);
    parse_id(path)
}

/// Validates and normalises a bare id (`2506.20747v1` -> `2506.20747`, `hep-th/9901001`).
pub fn parse_id(s: &str) -> Option<ArxivId> {
    let s = strip_version(s.trim());
    if is_new_style(s) || is_old_style(s) {
        Some(ArxivId(s.to_string()))
    } else {
        None
    }
}

fn strip_version(s: &str) -> &str {
    if let Some(i) = s.rfind('v') {
        let (head, tail) = (&s[..i], &s[i + 1..]);
        if !tail.is_empty()
            && tail.bytes().all(|b| b.is_ascii_digit())
            && head.bytes().last().is_some_and(|b| b.is_ascii_digit())
        {
            return head;
        }
    }
    s
}

fn is_new_style(s: &str) -> bool {
    let Some((yymm, num)) = s.split_once('.') else {
        return false;
    };
    yymm.len() == 4
        && (4..=5).contains(&num.len())
        && yymm.bytes().all(|b| b.is_ascii_digit())
        && num.bytes().all(|b| b.is_ascii_digit())
}

fn is_old_style(s: &str) -> bool {
    let Some((archive, num)) = s.split_once('/') else {
        return false;
    };
    let (name, sub) = match archive.split_once('.') {
        Some((n, sub)) => (n, Some(sub)),
        None => (archive, None),
    };
    !name.is_empty()
        && name.len() <= 16
        && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
        && sub.is_none_or(|s| s.len() == 2 && s.bytes().all(|b| b.is_ascii_uppercase()))
        && num.len() == 7
        && num.bytes().all(|b| b.is_ascii_digit())
}

/// Every arXiv id written in a text, without its version: `2506.20747` and `hep-th/9901001`
/// in links, in JSON values or in prose. One pass over the bytes, for an index that needs
/// no parsing; every id the digest parsers find is among them (and perhaps ids a paper's
/// text merely cites). A run of digits longer than an id holds none.
pub fn ids_in(text: &str) -> impl Iterator<Item = &str> {
    text.bytes().enumerate().filter_map(move |(i, c)| match c {
        b'.' => new_style_at(text, i),
        b'/' => old_style_at(text, i),
        _ => None,
    })
}

/// The new-style id (`YYMM.NNNNN`) whose dot is at `dot`.
fn new_style_at(text: &str, dot: usize) -> Option<&str> {
    let b = text.as_bytes();
    let start = dot.checked_sub(4)?;
    let before_ok = start == 0 || !b[start - 1].is_ascii_digit();
    if !before_ok || !b[start..dot].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let digits = b[dot + 1..]
        .iter()
        .take(6)
        .take_while(|c| c.is_ascii_digit())
        .count();
    (4..=5)
        .contains(&digits)
        .then(|| &text[start..dot + 1 + digits])
}

/// The old-style id (`archive/NNNNNNN`, `archive.XX/NNNNNNN`) whose slash is at `slash`.
fn old_style_at(text: &str, slash: usize) -> Option<&str> {
    let b = text.as_bytes();
    let end = slash + 8;
    if b.len() < end
        || !b[slash + 1..end].iter().all(u8::is_ascii_digit)
        || b.get(end).is_some_and(u8::is_ascii_digit)
    {
        return None;
    }
    let mut name_end = slash;
    if slash >= 3 && b[slash - 3] == b'.' && b[slash - 2..slash].iter().all(u8::is_ascii_uppercase)
    {
        name_end -= 3;
    }
    // Archive names are at most 16 letters: a longer run holds no id.
    let run = b[..name_end]
        .iter()
        .rev()
        .take(17)
        .take_while(|&&c| c.is_ascii_lowercase() || c == b'-')
        .count();
    let id = &text[name_end - run..end];
    (run <= 16 && is_old_style(id)).then_some(id)
}

pub fn abs_url(id: &str) -> String {
    format!("https://arxiv.org/abs/{id}")
}

pub fn pdf_url(id: &str) -> String {
    format!("https://arxiv.org/pdf/{id}")
}

pub fn html_url(id: &str) -> String {
    format!("https://arxiv.org/html/{id}")
}

/// Whether `s` looks like an arXiv category code (`cs.CL`, `quant-ph`, `cond-mat.stat-mech`).
pub fn is_category_code(s: &str) -> bool {
    let (archive, sub) = match s.split_once('.') {
        Some((a, sub)) => (a, Some(sub)),
        None => (s, None),
    };
    let archive_ok = !archive.is_empty()
        && archive.len() <= 12
        && archive.starts_with(|c: char| c.is_ascii_lowercase())
        && archive.bytes().all(|b| b.is_ascii_lowercase() || b == b'-');
    let sub_ok = sub.is_none_or(|sub| {
        !sub.is_empty()
            && sub.len() <= 12
            && sub.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-')
    });
    archive_ok && sub_ok && (sub.is_some() || ARCHIVES_WITHOUT_SUB.contains(&archive))
}

const ARCHIVES_WITHOUT_SUB: &[&str] = &[
    "astro-ph", "cond-mat", "gr-qc", "hep-ex", "hep-lat", "hep-ph", "hep-th", "math-ph", "nlin",
    "nucl-ex", "nucl-th", "physics", "quant-ph", "q-bio", "q-fin", "stat", "econ", "eess", "cs",
    "math",
];

/// The URL slug of a category code: lowercase, only `[a-z0-9.-]`, never starting with a dot.
pub fn category_slug(code: &str) -> String {
    let mut slug: String = code
        .chars()
        .map(|c| match c.to_ascii_lowercase() {
            c @ ('a'..='z' | '0'..='9' | '-' | '.') => c,
            _ => '-',
        })
        .collect();
    while slug.starts_with(['.', '-']) {
        slug.remove(0);
    }
    if slug.is_empty() {
        slug.push_str("category");
    }
    slug
}

/// The display name of a category in arXiv's taxonomy, if it is a known one.
pub fn category_name(code: &str) -> Option<&'static str> {
    TAXONOMY
        .binary_search_by(|(c, _)| c.cmp(&code))
        .ok()
        .map(|i| TAXONOMY[i].1)
}

/// The category a short name stands for, as digest repositories name their folders: `RO`
/// is cs.RO, `IV` eess.IV, `ML` stat.ML. Computer science first, then the archives nearest
/// to it, so a name two archives share (`SY`: cs.SY and eess.SY) means the first.
pub fn short_category(name: &str) -> Option<&'static str> {
    if !(2..=3).contains(&name.len()) || !name.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    const ORDER: &[&str] = &[
        "cs", "eess", "stat", "math", "q-bio", "q-fin", "econ", "physics",
    ];
    ORDER.iter().find_map(|archive| {
        TAXONOMY
            .iter()
            .map(|(code, _)| *code)
            .find(|code| code.strip_prefix(archive).and_then(|r| r.strip_prefix('.')) == Some(name))
    })
}

/// arXiv's category taxonomy, sorted by code.
static TAXONOMY: &[(&str, &str)] = &[
    ("astro-ph", "Astrophysics"),
    ("astro-ph.CO", "Cosmology and Nongalactic Astrophysics"),
    ("astro-ph.EP", "Earth and Planetary Astrophysics"),
    ("astro-ph.GA", "Astrophysics of Galaxies"),
    ("astro-ph.HE", "High Energy Astrophysical Phenomena"),
    (
        "astro-ph.IM",
        "Instrumentation and Methods for Astrophysics",
    ),
    ("astro-ph.SR", "Solar and Stellar Astrophysics"),
    ("cond-mat", "Condensed Matter"),
    ("cond-mat.dis-nn", "Disordered Systems and Neural Networks"),
    ("cond-mat.mes-hall", "Mesoscale and Nanoscale Physics"),
    ("cond-mat.mtrl-sci", "Materials Science"),
    ("cond-mat.other", "Other Condensed Matter"),
    ("cond-mat.quant-gas", "Quantum Gases"),
    ("cond-mat.soft", "Soft Condensed Matter"),
    ("cond-mat.stat-mech", "Statistical Mechanics"),
    ("cond-mat.str-el", "Strongly Correlated Electrons"),
    ("cond-mat.supr-con", "Superconductivity"),
    ("cs.AI", "Artificial Intelligence"),
    ("cs.AR", "Hardware Architecture"),
    ("cs.CC", "Computational Complexity"),
    ("cs.CE", "Computational Engineering, Finance, and Science"),
    ("cs.CG", "Computational Geometry"),
    ("cs.CL", "Computation and Language"),
    ("cs.CR", "Cryptography and Security"),
    ("cs.CV", "Computer Vision and Pattern Recognition"),
    ("cs.CY", "Computers and Society"),
    ("cs.DB", "Databases"),
    ("cs.DC", "Distributed, Parallel, and Cluster Computing"),
    ("cs.DL", "Digital Libraries"),
    ("cs.DM", "Discrete Mathematics"),
    ("cs.DS", "Data Structures and Algorithms"),
    ("cs.ET", "Emerging Technologies"),
    ("cs.FL", "Formal Languages and Automata Theory"),
    ("cs.GL", "General Literature"),
    ("cs.GR", "Graphics"),
    ("cs.GT", "Computer Science and Game Theory"),
    ("cs.HC", "Human-Computer Interaction"),
    ("cs.IR", "Information Retrieval"),
    ("cs.IT", "Information Theory"),
    ("cs.LG", "Machine Learning"),
    ("cs.LO", "Logic in Computer Science"),
    ("cs.MA", "Multiagent Systems"),
    ("cs.MM", "Multimedia"),
    ("cs.MS", "Mathematical Software"),
    ("cs.NA", "Numerical Analysis"),
    ("cs.NE", "Neural and Evolutionary Computing"),
    ("cs.NI", "Networking and Internet Architecture"),
    ("cs.OH", "Other Computer Science"),
    ("cs.OS", "Operating Systems"),
    ("cs.PF", "Performance"),
    ("cs.PL", "Programming Languages"),
    ("cs.RO", "Robotics"),
    ("cs.SC", "Symbolic Computation"),
    ("cs.SD", "Sound"),
    ("cs.SE", "Software Engineering"),
    ("cs.SI", "Social and Information Networks"),
    ("cs.SY", "Systems and Control"),
    ("econ.EM", "Econometrics"),
    ("econ.GN", "General Economics"),
    ("econ.TH", "Theoretical Economics"),
    ("eess.AS", "Audio and Speech Processing"),
    ("eess.IV", "Image and Video Processing"),
    ("eess.SP", "Signal Processing"),
    ("eess.SY", "Systems and Control"),
    ("gr-qc", "General Relativity and Quantum Cosmology"),
    ("hep-ex", "High Energy Physics - Experiment"),
    ("hep-lat", "High Energy Physics - Lattice"),
    ("hep-ph", "High Energy Physics - Phenomenology"),
    ("hep-th", "High Energy Physics - Theory"),
    ("math-ph", "Mathematical Physics"),
    ("math.AC", "Commutative Algebra"),
    ("math.AG", "Algebraic Geometry"),
    ("math.AP", "Analysis of PDEs"),
    ("math.AT", "Algebraic Topology"),
    ("math.CA", "Classical Analysis and ODEs"),
    ("math.CO", "Combinatorics"),
    ("math.CT", "Category Theory"),
    ("math.CV", "Complex Variables"),
    ("math.DG", "Differential Geometry"),
    ("math.DS", "Dynamical Systems"),
    ("math.FA", "Functional Analysis"),
    ("math.GM", "General Mathematics"),
    ("math.GN", "General Topology"),
    ("math.GR", "Group Theory"),
    ("math.GT", "Geometric Topology"),
    ("math.HO", "History and Overview"),
    ("math.IT", "Information Theory"),
    ("math.KT", "K-Theory and Homology"),
    ("math.LO", "Logic"),
    ("math.MG", "Metric Geometry"),
    ("math.MP", "Mathematical Physics"),
    ("math.NA", "Numerical Analysis"),
    ("math.NT", "Number Theory"),
    ("math.OA", "Operator Algebras"),
    ("math.OC", "Optimization and Control"),
    ("math.PR", "Probability"),
    ("math.QA", "Quantum Algebra"),
    ("math.RA", "Rings and Algebras"),
    ("math.RT", "Representation Theory"),
    ("math.SG", "Symplectic Geometry"),
    ("math.SP", "Spectral Theory"),
    ("math.ST", "Statistics Theory"),
    ("nlin.AO", "Adaptation and Self-Organizing Systems"),
    ("nlin.CD", "Chaotic Dynamics"),
    ("nlin.CG", "Cellular Automata and Lattice Gases"),
    ("nlin.PS", "Pattern Formation and Solitons"),
    ("nlin.SI", "Exactly Solvable and Integrable Systems"),
    ("nucl-ex", "Nuclear Experiment"),
    ("nucl-th", "Nuclear Theory"),
    ("physics.acc-ph", "Accelerator Physics"),
    ("physics.ao-ph", "Atmospheric and Oceanic Physics"),
    ("physics.app-ph", "Applied Physics"),
    ("physics.atm-clus", "Atomic and Molecular Clusters"),
    ("physics.atom-ph", "Atomic Physics"),
    ("physics.bio-ph", "Biological Physics"),
    ("physics.chem-ph", "Chemical Physics"),
    ("physics.class-ph", "Classical Physics"),
    ("physics.comp-ph", "Computational Physics"),
    (
        "physics.data-an",
        "Data Analysis, Statistics and Probability",
    ),
    ("physics.ed-ph", "Physics Education"),
    ("physics.flu-dyn", "Fluid Dynamics"),
    ("physics.gen-ph", "General Physics"),
    ("physics.geo-ph", "Geophysics"),
    ("physics.hist-ph", "History and Philosophy of Physics"),
    ("physics.ins-det", "Instrumentation and Detectors"),
    ("physics.med-ph", "Medical Physics"),
    ("physics.optics", "Optics"),
    ("physics.plasm-ph", "Plasma Physics"),
    ("physics.pop-ph", "Popular Physics"),
    ("physics.soc-ph", "Physics and Society"),
    ("physics.space-ph", "Space Physics"),
    ("q-bio.BM", "Biomolecules"),
    ("q-bio.CB", "Cell Behavior"),
    ("q-bio.GN", "Genomics"),
    ("q-bio.MN", "Molecular Networks"),
    ("q-bio.NC", "Neurons and Cognition"),
    ("q-bio.OT", "Other Quantitative Biology"),
    ("q-bio.PE", "Populations and Evolution"),
    ("q-bio.QM", "Quantitative Methods"),
    ("q-bio.SC", "Subcellular Processes"),
    ("q-bio.TO", "Tissues and Organs"),
    ("q-fin.CP", "Computational Finance"),
    ("q-fin.EC", "Economics"),
    ("q-fin.GN", "General Finance"),
    ("q-fin.MF", "Mathematical Finance"),
    ("q-fin.PM", "Portfolio Management"),
    ("q-fin.PR", "Pricing of Securities"),
    ("q-fin.RM", "Risk Management"),
    ("q-fin.ST", "Statistical Finance"),
    ("q-fin.TR", "Trading and Market Microstructure"),
    ("quant-ph", "Quantum Physics"),
    ("stat.AP", "Applications"),
    ("stat.CO", "Computation"),
    ("stat.ME", "Methodology"),
    ("stat.ML", "Machine Learning"),
    ("stat.OT", "Other Statistics"),
    ("stat.TH", "Statistics Theory"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_links() {
        let cases = [
            ("https://arxiv.org/abs/2506.20747", "2506.20747"),
            ("http://arxiv.org/abs/2506.20747v3", "2506.20747"),
            ("https://arxiv.org/pdf/2506.06254", "2506.06254"),
            ("https://arxiv.org/pdf/2506.06254v1.pdf", "2506.06254"),
            ("https://www.arxiv.org/abs/1501.0001", "1501.0001"),
            ("https://arxiv.org/abs/hep-th/9901001", "hep-th/9901001"),
            ("https://arxiv.org/abs/hep-th/9901001v2", "hep-th/9901001"),
            ("https://arxiv.org/abs/math.AG/0309136", "math.AG/0309136"),
            ("https://arxiv.org/html/2506.20747v1", "2506.20747"),
        ];
        for (url, id) in cases {
            assert_eq!(id_from_url(url).as_deref(), Some(id), "{url}");
        }
        for bad in [
            "https://example.org/abs/2506.20747",
            "https://arxiv.org/list/cs.CL/new",
            "https://arxiv.org/abs/../../etc/passwd",
            "https://arxiv.org/abs/HEP-TH/9901001",
            "javascript:alert(1)",
        ] {
            assert_eq!(id_from_url(bad), None, "{bad}");
        }
    }

    #[test]
    fn ids_in_text() {
        let text = "[A](https://arxiv.org/abs/2506.20747v2) and arxiv.org/pdf/hep-th/9901001.pdf, \
            {\"id\": \"math.AG/0309136\"} 1501.0001. Not: 12506.20747, 2506.207471, 0.5, \
            and/or 2506.123, x/12345678, averyveryverylongname/9901001.";
        let ids: Vec<&str> = ids_in(text).collect();
        assert_eq!(
            ids,
            [
                "2506.20747",
                "hep-th/9901001",
                "math.AG/0309136",
                "1501.0001"
            ]
        );
        // Every id a link gives is found in the link's text.
        for url in [
            "https://arxiv.org/abs/2506.20747",
            "https://arxiv.org/html/1501.00001v1",
        ] {
            let id = id_from_url(url).unwrap();
            assert!(ids_in(url).any(|found| id == found), "{url}");
        }
        assert_eq!(ids_in("").count(), 0);
        assert_eq!(ids_in("/1234567").collect::<Vec<_>>(), Vec::<&str>::new());
    }

    #[test]
    fn taxonomy_is_sorted_and_named() {
        assert!(TAXONOMY.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(category_name("cs.CL"), Some("Computation and Language"));
        assert_eq!(category_name("cs.XX"), None);
    }

    #[test]
    fn category_codes_and_slugs() {
        for ok in ["cs.CL", "quant-ph", "cond-mat.stat-mech", "physics.soc-ph"] {
            assert!(is_category_code(ok), "{ok}");
        }
        for bad in ["", "CS.CL", "<script>", "cs.", "../x", "cs.CL extra"] {
            assert!(!is_category_code(bad), "{bad}");
        }
        assert_eq!(category_slug("cs.CL"), "cs.cl");
        assert_eq!(category_slug("../x"), "x");
    }
}
