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
        crate::link::prepare(&mut r, today);
        Arc::new(r)
    });
    (record, diags)
}

/// Phase two: the checks across records, then the site assembled from the
/// records phase one gave.
pub fn site_phase(loaded: Loaded, today: Date) -> (Site, Links, Vec<Diagnostic>) {
    let diags = crate::validate::validate_across(&loaded);
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
