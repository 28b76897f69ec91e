//! A token's postings while the index is built: increasing numbers (`paper << 3 | field`)
//! kept as LEB128 gaps. The base tier of a site of 100,000 papers holds about 23 million
//! postings at once: 130 MB as `Vec<u32>`, about a quarter of that as gaps, most of which
//! take one byte.

/// Increasing `u32`s, as the gaps between them.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Plist {
    bytes: Vec<u8>,
    last: u32,
    len: u32,
}

impl Plist {
    /// A list of one number.
    pub fn one(v: u32) -> Plist {
        let mut p = Plist::default();
        p.push(v);
        p
    }

    /// Adds `v` unless it is the last number; `v` is never smaller than the last.
    pub fn push(&mut self, v: u32) {
        if self.len > 0 {
            if v == self.last {
                return;
            }
            debug_assert!(v > self.last, "{v} after {}", self.last);
            leb(&mut self.bytes, v - self.last);
        } else {
            leb(&mut self.bytes, v);
        }
        self.last = v;
        self.len += 1;
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.len as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The numbers, in increasing order.
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            bytes: &self.bytes,
            at: 0,
            value: 0,
        }
    }

    /// Adds `other`'s numbers, which all come after this list's (the lists of a token from
    /// chunks of papers in paper order).
    pub fn append(&mut self, other: Plist) {
        if other.is_empty() {
            return;
        }
        if self.is_empty() {
            *self = other;
            return;
        }
        let (first, n) = read_leb(&other.bytes);
        debug_assert!(first > self.last);
        leb(&mut self.bytes, first - self.last);
        self.bytes.extend_from_slice(&other.bytes[n..]);
        self.last = other.last;
        self.len += other.len;
    }

    /// The numbers of both lists, each once.
    pub fn union(&self, other: &Plist) -> Plist {
        let mut out = Plist::default();
        out.bytes.reserve(self.bytes.len() + other.bytes.len());
        let (mut a, mut b) = (self.iter().peekable(), other.iter().peekable());
        loop {
            let next = match (a.peek(), b.peek()) {
                (Some(&x), Some(&y)) if x <= y => a.next(),
                (Some(_), Some(_)) => b.next(),
                (Some(_), None) => a.next(),
                (None, Some(_)) => b.next(),
                (None, None) => break,
            };
            if let Some(v) = next {
                out.push(v);
            }
        }
        out
    }

    /// Gives back the room the list grew into beyond its bytes.
    pub fn shrink_to_fit(&mut self) {
        self.bytes.shrink_to_fit();
    }
}

impl FromIterator<u32> for Plist {
    fn from_iter<I: IntoIterator<Item = u32>>(iter: I) -> Plist {
        let mut p = Plist::default();
        for v in iter {
            p.push(v);
        }
        p
    }
}

/// The numbers of a [`Plist`].
#[derive(Clone)]
pub struct Iter<'a> {
    bytes: &'a [u8],
    at: usize,
    /// The number read last (0 before the first, whose gap is from 0).
    value: u32,
}

impl Iterator for Iter<'_> {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        if self.at >= self.bytes.len() {
            return None;
        }
        let (gap, n) = read_leb(&self.bytes[self.at..]);
        self.at += n;
        self.value += gap;
        Some(self.value)
    }
}

/// Appends `v` as LEB128: seven bits a byte, low first, the high bit set on all but the last.
fn leb(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// The number at the start of `bytes` and how many bytes it takes.
fn read_leb(bytes: &[u8]) -> (u32, usize) {
    let mut v = 0u32;
    for (i, &b) in bytes.iter().enumerate() {
        v |= u32::from(b & 0x7f) << (7 * i);
        if b & 0x80 == 0 {
            return (v, i + 1);
        }
    }
    (v, bytes.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_come_back_in_order_once_appended_and_merged() {
        let a: Plist = [0, 3, 3, 200, 70_000, 70_001].into_iter().collect();
        assert_eq!(a.iter().collect::<Vec<_>>(), [0, 3, 200, 70_000, 70_001]);
        assert_eq!(a.len(), 5);
        let mut b = a.clone();
        b.append([70_002, u32::MAX].into_iter().collect());
        b.append(Plist::default());
        assert_eq!(b.len(), 7);
        assert_eq!(b.iter().last(), Some(u32::MAX));
        let mut empty = Plist::default();
        empty.append(Plist::one(9));
        assert_eq!(empty.iter().collect::<Vec<_>>(), [9]);
        let c: Plist = [1, 3, 200, 5_000_000].into_iter().collect();
        let u = a.union(&c);
        assert_eq!(
            u.iter().collect::<Vec<_>>(),
            [0, 1, 3, 200, 70_000, 70_001, 5_000_000]
        );
        // Gaps below 128 take one byte each.
        let dense: Plist = (0..1000).map(|i| i * 8).collect();
        assert_eq!(dense.bytes.len(), 1000);
    }
}
