//! Load stage: reads the repository's files into raw typed records. Text is
//! checked (size, UTF-8, NUL, legacy encodings) and normalised (BOM, CRLF,
//! NFC) on the way in; every problem becomes a diagnostic with file, line and
//! column, and none stops the walk. Nothing here writes to disk, checks a
//! rule or calls a later stage: the pipeline in `build` does that.
//!
//! One job per file: `walk` finds the wards and the record files,
//! `intake` reads and checks text (with `scan` and `legacy`),
//! `front_matter` reads the YAML (the fast path in `yaml_subset`, the full
//! parser's errors in `yaml_errors`), `record` assembles a record, `paths`
//! keeps written paths inside the repository, `attachments` checks the files
//! a record names and `table` reads its CSV tables.

mod attachments;
mod controls;
mod front_matter;
mod intake;
mod legacy;
mod paths;
mod record;
mod scan;
mod table;
mod walk;
mod yaml_errors;
pub(crate) mod yaml_subset;

pub use front_matter::fast_path_agrees;
pub(crate) use front_matter::split_front_matter;
pub(crate) use intake::text_from_bytes;
pub use record::parse_record;
pub use walk::{walk, Listings, ReadRecord, RecordFile, SharedPart, Walk};
pub(crate) use yaml_errors::parse_all;

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::model::{Record, Source, WardProfile};
use intake::legacy_diagnostic;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The folder under the content folder whose documents belong to every ward.
pub(crate) const SHARED_DIR: &str = "_shared";
/// A ward's profile file.
pub(crate) const WARD_FILE: &str = "ward.yaml";

/// A ward with its records as phase one gave them (read, checked on their
/// own, prepared for linking), before the checks across records.
#[derive(Debug)]
pub struct LoadedWard {
    /// Folder name.
    pub slug: String,
    /// Profile, when it could be read.
    pub profile: Option<WardProfile>,
    /// Profile path relative to the root.
    pub profile_file: PathBuf,
    /// The profile's text, for locating its fields in diagnostics.
    pub profile_source: Source,
    /// Records read, checked on their own and prepared.
    pub records: Vec<Arc<Record>>,
    /// Ids (file names) of record files that could not be read; references
    /// to them are not reported again as dangling.
    pub unreadable: Vec<String>,
}

/// The repository after phase one: what [`Walk::assemble`] puts together.
#[derive(Debug)]
pub struct Loaded {
    /// Configuration.
    pub config: Config,
    /// Repository root.
    pub root: PathBuf,
    /// Wards, sorted by slug.
    pub wards: Vec<LoadedWard>,
    /// Documents shared by all wards.
    pub shared: Vec<Arc<Record>>,
    /// Ids of shared files that could not be read.
    pub unreadable_shared: Vec<String>,
}

/// What reading one record file gave: the record (when it could be read)
/// and the problems found.
pub type FileResult = (Option<Record>, Vec<Diagnostic>);

/// What every job of the loader reads with: the repository and its
/// configuration. [`Reader::read`] reads one record file.
pub struct Reader<'a> {
    root: &'a Path,
    canonical_root: &'a Path,
    config: &'a Config,
    /// The canonical form of each folder a record named a file from.
    canonical_dirs: std::sync::Mutex<std::collections::HashMap<PathBuf, Option<PathBuf>>>,
}

impl<'a> Reader<'a> {
    /// A reader of the repository at `root` (`canonical_root` is its
    /// canonical form: no file outside it is read) with `config`.
    pub fn new(root: &'a Path, canonical_root: &'a Path, config: &'a Config) -> Reader<'a> {
        Reader {
            root,
            canonical_root,
            config,
            canonical_dirs: Default::default(),
        }
    }

    /// The configuration it reads with.
    pub fn config(&self) -> &'a Config {
        self.config
    }

    fn rel(&self, path: &Path) -> PathBuf {
        path.strip_prefix(self.root).unwrap_or(path).to_path_buf()
    }
}
