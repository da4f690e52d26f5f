//! Tests of the term splitter: the folded-text rules, and [`Splitter`]
//! agreeing with them on chosen, random and sample texts.

use super::*;
use crate::text::fold;

fn texts(s: &str) -> Vec<&str> {
    syllables(s).iter().map(|s| s.text).collect()
}

#[test]
fn splits_syllables_and_keeps_digits() {
    let f = fold("Căn cứ Nghị định 59/2023/NĐ-CP, ngày 17/8.");
    assert_eq!(
        texts(&f),
        ["can", "cu", "nghi", "dinh", "59", "2023", "nd", "cp", "ngay", "17", "8"]
    );
}

#[test]
fn pairs_stop_at_punctuation() {
    let f = fold("dân chủ. Đất đai, nhà ở");
    let s = syllables(&f);
    assert_eq!(pairs(&s), ["dan chu", "dat dai", "nha o"]);
}

#[test]
fn compounds_need_a_digit() {
    let f = fold("Chương trình 08-CTr/QU và NĐ-CP, mã 1.001193.");
    let s = syllables(&f);
    assert_eq!(compounds(&f, &s), ["08-ctr/qu", "1.001193"]);
}

#[test]
fn other_scripts_and_spaces() {
    let f = fold("Hà\u{a0}Nội 中文 x");
    let s = syllables(&f);
    assert_eq!(
        s.iter().map(|s| s.text).collect::<Vec<_>>(),
        ["ha", "noi", "中文", "x"]
    );
    assert_eq!(pairs(&s), ["ha noi", "noi 中文", "中文 x"]);
}

#[test]
fn empty_and_punctuation_only() {
    assert!(syllables("").is_empty());
    assert!(syllables(" -- / ").is_empty());
}

/// What [`Splitter`] gives: syllables with their links, and compounds;
/// and the syllables it had numbered, by number.
#[derive(Default)]
struct Collect {
    names: Vec<String>,
    syllables: Vec<(String, Link)>,
    compounds: Vec<String>,
}

impl Sink for Collect {
    fn number(&mut self, word: Word<'_>) -> u32 {
        let text = word.text();
        match word {
            Word::Short(key) => {
                let want = text.bytes().fold(0, |k, b| k << 8 | u64::from(b));
                assert_eq!((key, text.len() <= 8), (want, true), "key of {text:?}");
            }
            Word::Long(_) => assert!(text.len() > 8, "{text:?} is short"),
        }
        self.names.push(text);
        self.names.len() as u32 - 1
    }
    fn syllable(&mut self, id: u32, link: Link) {
        let text = self.names[id as usize].clone();
        self.syllables.push((text, link));
    }
    fn compound(&mut self, text: &str) {
        self.compounds.push(text.to_string());
    }
}

/// A splitter and the sink it serves, kept over many texts.
#[derive(Default)]
struct Tester(Splitter, Collect);

fn split(t: &mut Tester, text: &str) -> (Vec<(String, Link)>, Vec<String>) {
    t.0.split(text, &mut t.1);
    let c = &mut t.1;
    (
        std::mem::take(&mut c.syllables),
        std::mem::take(&mut c.compounds),
    )
}

/// The same through the folded text.
fn reference(text: &str) -> (Vec<(String, Link)>, Vec<String>) {
    let folded = fold(text);
    let syl = syllables(&folded);
    let comp = compounds(&folded, &syl);
    (
        syl.iter().map(|s| (s.text.to_string(), s.link)).collect(),
        comp.iter().map(|c| c.to_string()).collect(),
    )
}

fn assert_same(t: &mut Tester, text: &str) {
    assert_eq!(split(t, text), reference(text), "{text:?}");
}

#[test]
fn splitter_agrees_on_chosen_texts() {
    let mut s = Tester::default();
    for text in [
        "",
        " ",
        "a",
        "Căn cứ Nghị định 59/2023/NĐ-CP, ngày 17/8.",
        "Chương trình 08-CTr/QU và NĐ-CP, mã 1.001193.",
        "Xua\u{0302}n Ho\u{0300}a \u{0111}a\u{0302}\u{0301}t To\u{0302}\u{0309} ho\u{031b}\u{0323}p",
        "Ðồng ðất Đường đ",
        "a\u{0301}b \u{0301}x \u{0301} - \u{0301}/y",
        "Hà\u{a0}Nội 中文 x\u{3000}y\u{2028}z\u{0b}w\u{1c}v",
        "İstanbul ﬁ Ǆ ǅ ½ ① ２０２３ ٣ 한국어 が ß Ω",
        "1.500.000 đ – “trích dẫn” … x--y x//1 1/-2 a_1 _1 1_ ..1",
        "1/2/3/4 a/b/c a/1 a /1 a/ 1 a-b-1-c 𝔘𝔫𝔦 😀1/2😀",
        "tờ 12 thửa 45 ; Quý II/2027",
        "x-1\ny-2\r\nz-3\t/\t4",
    ] {
        assert_same(&mut s, text);
    }
}

/// The 64-byte blocks of spelling bits agree with the table, for every
/// byte value in every position, and past the end of a text.
#[test]
fn spelling_bits_agree_with_the_table() {
    let mut next = crate::testing::xorshift(0x9e37_79b9_7f4a_7c15);
    for round in 0..4096usize {
        let block: Vec<u8> = (0..64)
            .map(|k| {
                let random = next() as u8;
                if k == round % 64 {
                    (round / 64 * 4 + k) as u8
                } else {
                    random
                }
            })
            .collect();
        assert_eq!(block_bits(&block), block_bits_plain(&block), "{block:?}");
    }
    for len in 0..130 {
        let text: Vec<u8> = (0..len).map(|k| [b'a', b' ', 0xc3, b'-'][k % 4]).collect();
        for base in (0..len + 64).step_by(64) {
            let tail = text.get(base..).unwrap_or_default();
            let want = block_bits_plain(&tail[..tail.len().min(64)]);
            assert_eq!(spelling_bits(&text, base), want, "len {len} base {base}");
        }
    }
}

/// Random strings over an alphabet of the characters that matter:
/// ASCII, connectors, Vietnamese letters composed and decomposed,
/// combining marks, `đ` and its look-alikes, other scripts, spaces.
#[test]
fn splitter_agrees_on_random_texts() {
    let alphabet: Vec<String> = "aAzZ09 /-._,;!?\t\n\u{b}\u{a0}\u{2003}\u{3000}\
        ăâêôơưđĐÐðÀÁẢÃẠằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ\
        \u{300}\u{301}\u{302}\u{303}\u{306}\u{309}\u{31b}\u{323}\u{36f}\
        İıﬁǅ½①２٣中한が–“”…😀𝔘ΩΣσςßẞ\u{fffd}\u{feff}\u{200b}"
        .chars()
        .map(String::from)
        .collect();
    let mut s = Tester::default();
    let mut next = crate::testing::xorshift(0x2545_f491_4f6c_dd1du64);
    for text in crate::testing::random_texts(&mut next, &alphabet, 20_000, 24) {
        assert_same(&mut s, &text);
    }
}

/// Every character, alone and between letters.
#[test]
fn splitter_agrees_on_every_character() {
    let mut s = Tester::default();
    let mut all = String::new();
    for c in (0u32..0x3_0000).filter_map(char::from_u32) {
        assert_same(&mut s, &format!("a{c}b 1{c}2"));
        all.push(c);
        all.push('x');
    }
    assert_same(&mut s, &all);
}

/// The project's own Markdown and data files, the sample site's content.
#[test]
fn splitter_agrees_on_the_sample_content() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut s = Tester::default();
    let mut files = 0;
    for dir in ["content", "tests/fixtures", "docs"] {
        for entry in walkdir::WalkDir::new(root.join(dir)).into_iter().flatten() {
            if let Ok(text) = std::fs::read_to_string(entry.path()) {
                assert_same(&mut s, &text);
                files += 1;
            }
        }
    }
    assert!(files > 10, "{files} files");
}
