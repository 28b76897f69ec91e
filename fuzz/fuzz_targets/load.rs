//! The whole load path of one file: bytes, decoding, front matter, the date, format
//! detection, the parser, the paper's fields.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (digest, diags) = paperpress::content::parse_file(
        Path::new("content/2025/06/2025-06-27.md"),
        Path::new("2025/06/2025-06-27.md"),
        data,
    );
    for d in &diags {
        // Every diagnostic names the file.
        assert!(d.to_string().starts_with("content/2025/06/2025-06-27.md"));
    }
    if let Some(digest) = digest {
        for p in &digest.papers {
            assert!(!p.id.is_empty());
            assert!(!p.title().is_empty());
        }
    }
});
