//! The two phases of the pipeline, one code path for `build`, `check` and
//! `serve`:
//!
//! 1. **Per record** ([`record_phase`]): read the file, parse it, check the
//!    record alone, prepare its links (status, masking). Records do not see
//!    each other here, so this runs in parallel, and `serve` memoises it per
//!    file version ([`RecordMemo`]).
//! 2. **Across records** ([`site_phase`]): the checks that need several
//!    records (ids, references, ward codes), then assembling the site
//!    (visibility, replacements, citations, order).
//!
//! Neither the loader nor any stage calls a later one: this file is where
//! the stages are put one after the other.

use crate::date::Date;
use crate::diagnostics::Diagnostic;
use crate::load::{Listings, Loaded, ReadRecord, Reader, RecordFile};
use crate::model::{Links, Site};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Phase one for the record file `file`: read by `reader`, checked on its
/// own and prepared for linking on `today`.
pub fn record_phase(reader: &Reader, file: &RecordFile, today: Date) -> ReadRecord {
    let (record, mut diags) = reader.read(file);
    let record = record.map(|mut r| {
        diags.extend(crate::validate::check_record(
            &mut r,
            reader.config(),
            today,
        ));
        crate::link::prepare(&mut r, today, &reader.config().law);
        Arc::new(r)
    });
    (record, diags)
}

/// Phase two: the checks across records, then the site assembled from the
/// records phase one gave.
pub fn site_phase(loaded: Loaded, today: Date) -> (Site, Links, Vec<Diagnostic>) {
    let diags = crate::validate::validate_across(&loaded, today);
    let (site, links) = crate::link::assemble(loaded, today);
    (site, links, diags)
}

/// Phase one's results kept by `serve`, by record file, with the listings
/// of the kind folders: a rebuild runs phase one again only for the files
/// that changed (the caller says which with [`RecordMemo::forget`]). Made
/// for one configuration and one date; a new memo is needed when either
/// changes.
#[derive(Default)]
pub struct RecordMemo {
    files: Mutex<HashMap<PathBuf, ReadRecord>>,
    listings: Listings,
}

impl RecordMemo {
    /// Forgets the record file at `path`, or every record file under it;
    /// a file that appeared or went away makes its folder be listed again.
    pub fn forget(&self, path: &Path) {
        let Ok(mut files) = self.files.lock() else {
            return;
        };
        // A record file is one entry; a folder gone, every entry under it.
        // A folder still there only needs listing again (its files that
        // changed have events of their own).
        let known = files.remove(path).is_some();
        if !known && !path.is_dir() {
            files.retain(|p, _| !p.starts_with(path));
        }
        if !known || !path.is_file() {
            self.listings.forget(path);
        }
    }

    /// The kind-folder listings kept, for the walk.
    pub fn listings(&self) -> &Listings {
        &self.listings
    }

    /// [`record_phase`] for `file`, from the memo when it holds the file
    /// (read from the same kind of folder); otherwise run and kept.
    pub fn record(&self, reader: &Reader, file: &RecordFile, today: Date) -> ReadRecord {
        let hit = self
            .files
            .lock()
            .ok()
            .and_then(|files| files.get(&file.path).cloned());
        if let Some(hit) = hit.filter(|(r, _)| {
            r.as_ref()
                .is_none_or(|r| r.kind == file.kind && r.shared == file.shared)
        }) {
            return hit;
        }
        let fresh = record_phase(reader, file, today);
        if let Ok(mut files) = self.files.lock() {
            files.insert(file.path.clone(), fresh.clone());
        }
        fresh
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::check_with;

    fn copy_dir(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                copy_dir(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
    }

    fn today() -> Date {
        Date::new(2026, 11, 22).unwrap()
    }

    /// A repository of two wards, the second with a record that cannot be
    /// read (and the same code as the first).
    fn two_wards() -> tempfile::TempDir {
        let tmp = tempfile::tempdir().unwrap();
        let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/check/base");
        copy_dir(&base, tmp.path());
        let content = tmp.path().join("content");
        copy_dir(&content.join("ban-co"), &content.join("phuong-hai"));
        std::fs::write(
            content.join("phuong-hai/plan/hong.md"),
            "---\ntitle: [không đóng\n---\n",
        )
        .unwrap();
        tmp
    }

    fn codes(diags: &[Diagnostic]) -> Vec<&str> {
        diags
            .iter()
            .filter(|d| d.severity == crate::diagnostics::Severity::Error)
            .map(|d| d.code)
            .collect()
    }

    #[test]
    fn only_the_wards_asked_for_are_read() {
        let repo = two_wards();
        let all = check_with(repo.path(), today(), &[], None).unwrap();
        assert!(!codes(&all.diagnostics).is_empty());
        let one = check_with(repo.path(), today(), &["ban-co".into()], None).unwrap();
        assert_eq!(codes(&one.diagnostics), Vec::<&str>::new());
        assert_eq!(one.site.wards.len(), 1);
        let Err(unknown) = check_with(repo.path(), today(), &["khong-co".into()], None) else {
            panic!("an unknown ward is refused");
        };
        assert_eq!(unknown[0].code, "E0007");
    }

    /// With a memo, phase one gives what it gives without one, the first
    /// time and again after a file was forgotten and changed.
    #[test]
    fn the_memo_gives_what_phase_one_gives() {
        let repo = two_wards();
        let summary = |c: &crate::build::Checked| {
            let ids: Vec<(String, String, crate::model::Status)> = c
                .site
                .wards
                .iter()
                .flat_map(|w| {
                    w.records
                        .iter()
                        .map(|r| (w.slug.clone(), r.id.clone(), r.status))
                })
                .collect();
            (ids, c.diagnostics.clone(), c.records)
        };
        let memo = RecordMemo::default();
        let plain = check_with(repo.path(), today(), &[], None).unwrap();
        let first = check_with(repo.path(), today(), &[], Some(&memo)).unwrap();
        let again = check_with(repo.path(), today(), &[], Some(&memo)).unwrap();
        assert_eq!(summary(&plain), summary(&first));
        assert_eq!(summary(&plain), summary(&again));
        let broken = repo.path().join("content/phuong-hai/plan/hong.md");
        std::fs::remove_file(&broken).unwrap();
        memo.forget(&broken);
        let fixed = check_with(repo.path(), today(), &[], Some(&memo)).unwrap();
        let plain = check_with(repo.path(), today(), &[], None).unwrap();
        assert_eq!(summary(&plain), summary(&fixed));
        assert!(!codes(&fixed.diagnostics).contains(&"E0102"));
    }
}
