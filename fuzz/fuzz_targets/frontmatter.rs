//! Front matter: `+++` lines and the TOML between them.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let with_open = format!("+++\n{text}");
    for t in [&*text, with_open.as_str()] {
        match paperpress::content::frontmatter::split(t) {
            Ok(s) => assert!(s.body_start <= s.lines.len()),
            Err(e) => assert!(e.line >= 1 && !e.message.is_empty()),
        }
    }
});
