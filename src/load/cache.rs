//! The memo `serve` keeps of record files already read, by path.

use super::Reader;
use crate::diagnostics::Diagnostic;
use crate::model::{Kind, Record};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A record file as the cache keeps it.
type CachedFile = (Option<Arc<Record>>, Vec<Diagnostic>);

/// Work done on each record right after it is read, once per version of its
/// file, returning what it found.
pub type Prepare = Box<dyn Fn(&mut Record) -> Vec<Diagnostic> + Send + Sync>;

/// Record files already read, by path, so that a rebuild (`serve`) reads
/// again only the files that changed. The caller says what changed with
/// [`RecordCache::forget`].
#[derive(Default)]
pub struct RecordCache {
    pub(super) files: std::sync::Mutex<std::collections::HashMap<PathBuf, CachedFile>>,
    /// Record files found in each kind folder.
    pub(super) listings: std::sync::Mutex<std::collections::HashMap<PathBuf, Vec<PathBuf>>>,
    pub(super) prepare: Option<Prepare>,
}

impl RecordCache {
    /// Whether it runs a [`Prepare`] on the records it reads.
    pub fn prepares(&self) -> bool {
        self.prepare.is_some()
    }

    /// A cache that runs `prepare` on each record it reads (the stages'
    /// work on one record alone), so that it is done once per change.
    pub fn preparing(prepare: Prepare) -> RecordCache {
        RecordCache {
            prepare: Some(prepare),
            ..RecordCache::default()
        }
    }

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
            if let Ok(mut listings) = self.listings.lock() {
                listings.retain(|dir, _| !dir.starts_with(path) && !path.starts_with(dir));
            }
        }
    }

    pub(super) fn listing(&self, dir: &Path) -> Option<Vec<PathBuf>> {
        self.listings.lock().ok()?.get(dir).cloned()
    }
}

impl Reader<'_> {
    pub(super) fn cached_record(&self, kind: Kind, path: &Path, shared: bool) -> CachedFile {
        let Some(cache) = self.cache else {
            let (r, d) = self.record(kind, path, shared);
            return (r.map(Arc::new), d);
        };
        let hit = cache
            .files
            .lock()
            .ok()
            .and_then(|files| files.get(path).cloned());
        if let Some(hit) = hit.filter(|(r, _)| {
            r.as_ref()
                .is_none_or(|r| r.kind == kind && r.shared == shared)
        }) {
            return hit;
        }
        let (mut record, mut diags) = self.record(kind, path, shared);
        if let (Some(r), Some(prepare)) = (&mut record, &cache.prepare) {
            diags.extend(prepare(r));
        }
        let fresh = (record.map(Arc::new), diags);
        if let Ok(mut files) = cache.files.lock() {
            files.insert(path.to_path_buf(), fresh.clone());
        }
        fresh
    }
}
