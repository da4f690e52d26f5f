//! The excerpt a result shows: the start of a text, whitespace collapsed,
//! cut at a word.

/// The first `max` characters of `text` with its whitespace collapsed (as
/// `text::collapse_whitespace`), cut at a word, with `…` when cut.
pub(super) fn excerpt(text: &str, max: usize) -> String {
    // Collapse only as far as the cut needs: `max + 1` characters tell.
    // The collapsed text is `collapsed` then `text[run..i]`: stretches that
    // need no change (words with one space between them) are copied at once.
    let bytes = text.as_bytes();
    let mut collapsed = String::new();
    // Characters collapsed, and their length in bytes at `max` of them.
    let (mut chars, mut at_max) = (0, 0);
    let mut i = skip_spaces(bytes, 0);
    let mut run = i;
    while i < bytes.len() {
        let b = bytes[i];
        if may_be_space(b) {
            let white = space_len(bytes, i);
            let single = b == b' ' && i + 1 < bytes.len() && space_len(bytes, i + 1) == 0;
            if white > 0 && !single {
                collapsed.push_str(&text[run..i]);
                run = i;
                let next = skip_spaces(bytes, i);
                if next == bytes.len() {
                    break;
                }
                if chars == max {
                    at_max = collapsed.len();
                    chars += 1;
                    break;
                }
                collapsed.push(' ');
                chars += 1;
                (run, i) = (next, next);
                continue;
            }
        }
        if chars == max {
            at_max = collapsed.len() + i - run;
            chars += 1;
            break;
        }
        chars += 1;
        i += utf8_len(b);
    }
    collapsed.push_str(&text[run..i]);
    if chars <= max {
        return collapsed;
    }
    let cut = &collapsed[..at_max];
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => cut,
    };
    let cut = cut.trim_end_matches(|c: char| !c.is_alphanumeric());
    let mut out = String::with_capacity(cut.len() + '…'.len_utf8());
    out.push_str(cut);
    out.push('…');
    out
}

/// The first byte from `i` on that does not start whitespace.
pub(super) fn skip_spaces(bytes: &[u8], mut i: usize) -> usize {
    while let w @ 1.. = space_len(bytes, i) {
        i += w;
    }
    i
}

/// The length in bytes of the character that starts with byte `lead`.
pub(super) fn utf8_len(lead: u8) -> usize {
    match lead {
        0..=0xbf => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    }
}

/// Whether a character that starts with byte `lead` can be whitespace.
#[inline]
pub(super) fn may_be_space(lead: u8) -> bool {
    lead <= b' ' || lead == 0xc2 || (0xe1..=0xe3).contains(&lead)
}

/// The length in bytes of the character at `bytes[i]` (a character boundary)
/// when it is whitespace, as [`char::is_whitespace`] says, else 0 (also past
/// the end).
#[inline]
pub(super) fn space_len(bytes: &[u8], i: usize) -> usize {
    match bytes.get(i) {
        Some(b' ' | b'\t'..=b'\r') => 1,
        Some(0xc2 | 0xe1..=0xe3) => wide_space_len(&bytes[i..]),
        _ => 0,
    }
}

/// [`space_len`] beyond ASCII, for the lead bytes of whitespace.
pub(super) fn wide_space_len(bytes: &[u8]) -> usize {
    match bytes {
        // U+0085, U+00A0.
        [0xc2, 0x85 | 0xa0, ..] => 2,
        // U+1680; U+2000–U+200A, U+2028, U+2029, U+202F; U+205F; U+3000.
        [0xe1, 0x9a, 0x80, ..]
        | [0xe2, 0x80, 0x80..=0x8a | 0xa8 | 0xa9 | 0xaf, ..]
        | [0xe2, 0x81, 0x9f, ..]
        | [0xe3, 0x80, 0x80, ..] => 3,
        _ => 0,
    }
}
