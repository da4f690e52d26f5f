//! The wards cut into groups built one after the other, and what a group
//! lets go of as it goes, so that memory is bounded by the largest wards,
//! not by the repository.

use crate::model::Site;

/// The records a group of wards holds at most (unless one ward alone has
/// more): a group is read, checked, rendered and written, then dropped
/// before the next is read, so this and the largest ward bound the memory a
/// build needs. 100,000 records in 4 wards: one ward at a time.
pub(super) const GROUP_RECORDS: usize = 10_000;

/// The wards (their numbers of record files in `sizes`, in order) cut into
/// groups of consecutive wards, each of at most `per` wards (one for each
/// thread) and `budget` records; a ward larger than `budget` is a group on
/// its own. Every ward is in exactly one group, in order.
pub(super) fn ward_groups(
    sizes: &[usize],
    per: usize,
    budget: usize,
) -> Vec<std::ops::Range<usize>> {
    let per = per.max(1);
    let mut groups = Vec::new();
    let (mut start, mut records) = (0, 0);
    for (i, &n) in sizes.iter().enumerate() {
        if i > start && (i - start == per || records + n > budget) {
            groups.push(start..i);
            (start, records) = (i, 0);
        }
        records += n;
    }
    if start < sizes.len() {
        groups.push(start..sizes.len());
    }
    groups
}

/// Drops what only the checks read of the wards' records, once they are
/// checked: the text of each front matter and the index of its keys, which
/// place a finding on its line. Linking, rendering and exporting read
/// neither. A record held elsewhere too (a shared document) keeps them.
pub(super) fn forget_sources(wards: &mut [crate::load::LoadedWard]) {
    for r in wards.iter_mut().flat_map(|w| w.records.iter_mut()) {
        if let Some(r) = std::sync::Arc::get_mut(r) {
            r.source.yaml = String::new();
            r.source.index = std::sync::OnceLock::new();
        }
    }
}

/// Drops the records' Markdown bodies once their pages are rendered: the
/// exports do not read them (nor does the JSON hold them). A record held
/// elsewhere too (a shared document) keeps its body.
pub(super) fn forget_bodies(site: &mut Site) {
    for r in site.wards.iter_mut().flat_map(|w| w.records.iter_mut()) {
        if let Some(r) = std::sync::Arc::get_mut(r) {
            r.body = String::new();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ward_groups;

    #[test]
    fn wards_are_grouped_by_threads_and_by_records() {
        // Small wards: as many as there are threads.
        assert_eq!(ward_groups(&[1_000; 5], 2, 10_000), vec![0..2, 2..4, 4..5]);
        // Two wards over the budget together: one at a time.
        assert_eq!(
            ward_groups(&[25_000; 4], 2, 10_000),
            vec![0..1, 1..2, 2..3, 3..4]
        );
        // A huge ward alone, the small ones around it together.
        assert_eq!(
            ward_groups(&[3_000, 4_000, 30_000, 2_000, 9_000], 4, 10_000),
            vec![0..2, 2..3, 3..4, 4..5]
        );
        // Up to the budget exactly, then a new group.
        assert_eq!(ward_groups(&[5_000, 5_000, 1], 3, 10_000), vec![0..2, 2..3]);
        // Empty wards, no wards, and no threads said.
        assert_eq!(ward_groups(&[0, 0, 0], 0, 10_000), vec![0..1, 1..2, 2..3]);
        assert!(ward_groups(&[], 2, 10_000).is_empty());
    }
}
