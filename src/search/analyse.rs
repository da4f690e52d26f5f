//! The analysis of a run of consecutive records: their searchable text
//! folded and split into terms, each term numbered as met, with the records
//! that hold it. [`super::build`] joins the runs of a ward.

use super::{fields, numbers, tokens, FastMap, BODY_WEIGHT, FIELD_WEIGHT, TITLE_WEIGHT};
use crate::model::Record;

/// A syllable in a record: (record, weighted frequency, in title).
pub(super) type Posting = (u32, f32, bool);

/// What a run of consecutive records contributes: its terms, numbered in the
/// order met, and the records that hold each.
#[derive(Default)]
pub(super) struct Part {
    /// Weighted length of each record of the run.
    pub(super) lens: Vec<f32>,
    /// Syllables, by number.
    pub(super) syllables: Vec<Box<str>>,
    /// Postings, by syllable.
    pub(super) syllable_postings: Vec<Vec<Posting>>,
    /// Pairs as two syllable numbers, by number.
    pub(super) pairs: Vec<(u32, u32)>,
    /// The records of the pairs: (pair, block of 64 records of the run, one
    /// bit per record), a block after the other.
    pub(super) pair_records: Vec<(u32, u32, u64)>,
    /// The first record of the run.
    pub(super) first: u32,
    /// Compounds, by number.
    pub(super) compounds: Vec<Box<str>>,
    /// Records, by compound.
    pub(super) compound_records: Vec<Vec<u32>>,
}

/// What the analysis keeps of a syllable while the run goes on.
#[derive(Debug, Clone, Copy)]
struct Syllable {
    /// Weighted frequency in the current record.
    tf: f32,
    /// In the title of the current record.
    title: bool,
    /// The last syllable seen after it (`u32::MAX` before any): most
    /// syllables are followed by the same one again and again ("ủy ban",
    /// "nhân dân"), and that pair is found without a lookup in the larger
    /// table of pairs.
    successor: u32,
    /// The number of that pair.
    successor_pair: u32,
}

/// Numbers the terms of a run as they come and notes their hits.
#[derive(Default)]
struct Analyser {
    /// What the run has found so far.
    part: Part,
    /// Syllables of up to 8 bytes (nearly all), by their bytes as a number.
    short: numbers::Numbers,
    /// Longer syllables.
    long: FastMap<Box<str>, u32>,
    /// Per syllable, by number.
    syllables: Vec<Syllable>,
    /// The postings of the records ended so far, with their syllables, in
    /// the order met: grouped by syllable when the run ends.
    hits: Vec<(u32, Posting)>,
    /// Pairs of two syllables numbered below 2¹⁶ (all, in a run of usual
    /// size), by the two numbers as one: a small table, so a lookup seldom
    /// leaves the cache.
    pair_ids: numbers::Numbers<(), u32>,
    /// The other pairs.
    wide_pair_ids: numbers::Numbers,
    /// Per pair, its records in the current block of 64 (one bit each).
    pair_bits: Vec<u64>,
    /// Compounds.
    compound_ids: FastMap<Box<str>, u32>,
    /// Syllables of the current record: the first `touched_len`, the rest
    /// room to write the next one without a branch (one more than
    /// `syllables`).
    touched: Vec<u32>,
    /// How many syllables the current record has.
    touched_len: usize,
    /// The current record.
    doc: u32,
    /// Its weighted length so far.
    len: f32,
    /// The syllable before.
    prev: u32,
    /// The weight of the syllables of the current text.
    weight: f32,
    /// Whether the current text is the title.
    title: bool,
}

impl tokens::Sink for Analyser {
    fn number(&mut self, word: tokens::Word<'_>) -> u32 {
        let next = self.part.syllables.len() as u32;
        let id = match word {
            tokens::Word::Short(key) => self.short.id(key, next),
            tokens::Word::Long(text) => match self.long.get(text) {
                Some(id) => *id,
                None => {
                    self.long.insert(text.into(), next);
                    next
                }
            },
        };
        if id == next {
            self.part.syllables.push(word.text().into());
            self.syllables.push(Syllable {
                tf: 0.0,
                title: false,
                successor: u32::MAX,
                successor_pair: 0,
            });
            self.touched.push(0);
        }
        id
    }

    #[inline]
    fn syllable(&mut self, id: u32, link: tokens::Link) {
        let s = &mut self.syllables[id as usize];
        self.touched[self.touched_len] = id;
        self.touched_len += usize::from(s.tf == 0.0);
        s.tf += self.weight;
        s.title |= self.title;
        self.len += self.weight;
        if link != tokens::Link::Break {
            self.pair(self.prev, id);
        }
        self.prev = id;
    }

    fn compound(&mut self, text: &str) {
        self.compound_hit(text);
        if let Some(short) = without_year(text) {
            self.compound_hit(&short);
        }
    }
}

impl Analyser {
    /// Notes the pair of syllables `a b` in the current record.
    #[inline]
    fn pair(&mut self, a: u32, b: u32) {
        let bit = 1 << ((self.doc - self.part.first) % 64);
        let s = self.syllables[a as usize];
        let id = if s.successor == b {
            s.successor_pair
        } else {
            let next = self.part.pairs.len() as u32;
            let id = if a < 1 << 16 && b < 1 << 16 {
                self.pair_ids.id(a << 16 | b, next)
            } else {
                self.wide_pair_ids
                    .id(u64::from(a) << 32 | u64::from(b), next)
            };
            if id == next {
                self.part.pairs.push((a, b));
                self.pair_bits.push(0);
            }
            let s = &mut self.syllables[a as usize];
            (s.successor, s.successor_pair) = (b, id);
            id
        };
        self.pair_bits[id as usize] |= bit;
    }

    /// Notes a compound in the current record.
    fn compound_hit(&mut self, text: &str) {
        let next = self.part.compounds.len() as u32;
        let id = match self.compound_ids.get(text) {
            Some(id) => *id,
            None => {
                self.compound_ids.insert(text.into(), next);
                self.part.compounds.push(text.into());
                self.part.compound_records.push(Vec::new());
                next
            }
        };
        let records = &mut self.part.compound_records[id as usize];
        if records.last() != Some(&self.doc) {
            records.push(self.doc);
        }
    }

    /// Ends a block of 64 records (or the run): the records of its pairs.
    fn end_block(&mut self) {
        let block = (self.doc - self.part.first) / 64;
        for (id, records) in self.pair_bits.iter_mut().enumerate() {
            if *records != 0 {
                self.part.pair_records.push((id as u32, block, *records));
                *records = 0;
            }
        }
    }

    /// Ends the current record: its postings and length.
    fn end_record(&mut self) {
        for &id in &self.touched[..self.touched_len] {
            let s = &mut self.syllables[id as usize];
            self.hits.push((id, (self.doc, s.tf, s.title)));
            (s.tf, s.title) = (0.0, false);
        }
        self.touched_len = 0;
        self.part.lens.push(self.len);
        self.len = 0.0;
    }

    /// Ends the run: the postings grouped by syllable, each group in the
    /// order of records, every list allocated once at its size.
    fn end_run(mut self) -> Part {
        let mut counts = vec![0usize; self.part.syllables.len()];
        for (id, _) in &self.hits {
            counts[*id as usize] += 1;
        }
        let mut lists: Vec<Vec<Posting>> = counts.iter().map(|n| Vec::with_capacity(*n)).collect();
        for (id, posting) in &self.hits {
            lists[*id as usize].push(*posting);
        }
        self.part.syllable_postings = lists;
        self.part
    }
}

/// An identifier with its year (`59/2023/nd-cp`, folded) as people also
/// write it, without the year (`59/nd-cp`): the index holds both, so a
/// query for either finds it. `None` for any other compound (`72/kh-ubnd`,
/// `15/3/2024`, `1.001193`).
pub(super) fn without_year(compound: &str) -> Option<String> {
    let (number, rest) = compound.split_once('/')?;
    let (year, symbol) = rest.split_once('/')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let starts_with_letter = symbol
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_lowercase());
    (digits(number) && year.len() == 4 && digits(year) && starts_with_letter)
        .then(|| format!("{number}/{symbol}"))
}

/// Analyses records `first..` (`records` and `bodies` of the same length).
/// The searchable text of a record is its title and own number, its field
/// values and its body, folded and split as if joined by punctuation, so that no pair spans
/// two of them.
pub(super) fn analyse(first: u32, records: &[std::sync::Arc<Record>], bodies: &[&str]) -> Part {
    let mut splitter = tokens::Splitter::default();
    let mut a = Analyser {
        part: Part {
            first,
            ..Part::default()
        },
        touched: vec![0],
        ..Analyser::default()
    };
    for (i, (r, body)) in records.iter().zip(bodies).enumerate() {
        a.doc = first + i as u32;
        (a.weight, a.title) = (TITLE_WEIGHT, true);
        splitter.split(&r.common.title, &mut a);
        // A record's own number (a plan's, a document's, a procedure's
        // code) weighs as its title: a query for the number finds the
        // record itself before those that cite it.
        if let Some(number) = fields::own_number(r) {
            splitter.split(number, &mut a);
        }
        (a.weight, a.title) = (FIELD_WEIGHT, false);
        fields::for_each_value(r, |v| splitter.split(v, &mut a));
        a.weight = BODY_WEIGHT;
        splitter.split(body, &mut a);
        a.end_record();
        if (i + 1) % 64 == 0 || i + 1 == records.len() {
            a.end_block();
        }
    }
    a.end_run()
}
