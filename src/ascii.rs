//! Searching text for ASCII words whatever their case, as HTML names its tags.

/// Where `needle` first occurs in `haystack`, ASCII letters matched in either case.
pub fn find_ci(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    (0..(h.len() + 1).saturating_sub(n.len())).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_in_either_case() {
        assert_eq!(find_ci("<p></HEAD>", "</head>"), Some(3));
        assert_eq!(find_ci("</scrip", "</script"), None);
        assert_eq!(find_ci("", "</head>"), None);
        assert_eq!(find_ci("abc", ""), Some(0));
        assert_eq!(find_ci("é</Title>", "</title"), Some(2));
    }
}
