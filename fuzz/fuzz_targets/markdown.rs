//! A field's Markdown and math to HTML: never a panic, and never markup a digest could use
//! against the site (an element or attribute outside the safe set, an unsafe link).
#![no_main]

use libfuzzer_sys::fuzz_target;
use paperpress::render::markdown;

fuzz_target!(|data: &[u8]| {
    let text = paperpress::content::text::decode(data).text;
    let block = markdown::block(&text);
    if let Err(e) = paperpress::render::safe_html::check(&block) {
        panic!("unsafe block HTML: {e}\ninput: {text:?}\noutput: {block}");
    }
    let inline = markdown::inline(&text);
    if let Err(e) = paperpress::render::safe_html::check(&inline) {
        panic!("unsafe inline HTML: {e}\ninput: {text:?}\noutput: {inline}");
    }
    assert!(!inline.contains("<a "), "a link in inline HTML: {inline}");
    let plain = markdown::plain(&text);
    assert!(!plain.chars().any(|c| c.is_control()));
});
