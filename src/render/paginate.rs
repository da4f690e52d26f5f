//! The one paginator of the lists that grow with a ward's records (the
//! kind lists, the register's quarters, the commitments tracker): a fixed
//! number of rows per page (`[pages] rows` in `congkhai.toml`), the first
//! page at the list's usual address and the next ones beside it
//! (`<prefix>trang-2.html`, …). Each page is a whole page, reached by plain
//! links (previous, next, a few numbered pages), so it works without
//! JavaScript and from `file://`. The page an item lands on is decided here,
//! once: templates get its `href` and never count pages themselves.

use serde::Serialize;
use std::ops::Range;

/// How many numbered links a pager shows on each side of the current page
/// (besides the first and the last): the pager stays small however many
/// pages a list has.
const AROUND: usize = 2;

/// A list split into pages.
#[derive(Debug, Clone)]
pub(super) struct Split {
    /// The rows of each page, in order; one empty page for an empty list.
    ranges: Vec<Range<usize>>,
    /// The first page's path from the ward folder (`fund/index.html`).
    first: String,
    /// What the next pages' paths start with (`fund/`, `cam-ket/da-xong-`).
    prefix: String,
    /// Rows per page.
    rows: usize,
}

/// A numbered link of a pager.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub(super) struct PageLink {
    /// The page's number, from 1; 0 for a gap (`…`).
    pub(super) number: usize,
    /// Its path from the ward folder; empty for a gap.
    pub(super) href: String,
    /// Whether it is the page shown.
    pub(super) current: bool,
}

/// What a page's template gets as `pager`.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Pager {
    /// This page's number, from 1.
    pub(super) number: usize,
    /// How many pages the list has.
    pub(super) total: usize,
    /// Position of this page's first row in the whole list, from 0.
    pub(super) offset: usize,
    /// The previous page's path from the ward folder.
    pub(super) prev: Option<String>,
    /// The next page's path from the ward folder.
    pub(super) next: Option<String>,
    /// The first, the last and the pages around this one, with gaps.
    pub(super) links: Vec<PageLink>,
}

impl Split {
    /// `len` rows split `rows` to a page (at least 1); page 1 is `first`,
    /// page `n` is `<prefix>trang-<n>.html`.
    pub(super) fn new(len: usize, rows: usize, first: &str, prefix: &str) -> Split {
        let rows = rows.max(1);
        let mut ranges: Vec<Range<usize>> = (0..len)
            .step_by(rows)
            .map(|start| start..(start + rows).min(len))
            .collect();
        if ranges.is_empty() {
            ranges.push(0..0);
        }
        Split {
            ranges,
            first: first.to_string(),
            prefix: prefix.to_string(),
            rows,
        }
    }

    /// [`Split::new`] of a list that has a page of its own in `folder`:
    /// page 1 is `<folder>/<name>.html`, page `n` `<folder>/<name>-trang-<n>.html`.
    pub(super) fn named(len: usize, rows: usize, folder: &str, name: &str) -> Split {
        Split::new(
            len,
            rows,
            &format!("{folder}/{name}.html"),
            &format!("{folder}/{name}-"),
        )
    }

    /// How many pages.
    pub(super) fn total(&self) -> usize {
        self.ranges.len()
    }

    /// The rows of page `n` (from 1).
    pub(super) fn range(&self, n: usize) -> Range<usize> {
        self.ranges
            .get(n.saturating_sub(1))
            .cloned()
            .unwrap_or(0..0)
    }

    /// The path of page `n` (from 1) from the ward folder.
    pub(super) fn path(&self, n: usize) -> String {
        if n <= 1 {
            self.first.clone()
        } else {
            format!("{}trang-{n}.html", self.prefix)
        }
    }

    /// The page (from 1) row `i` is on.
    pub(super) fn page_of(&self, i: usize) -> usize {
        i / self.rows + 1
    }

    /// The path of the page row `i` is on.
    pub(super) fn path_of(&self, i: usize) -> String {
        self.path(self.page_of(i))
    }

    /// The pages, each with its number, path and pager.
    pub(super) fn pages(&self) -> impl Iterator<Item = (usize, String, Pager)> + '_ {
        (1..=self.total()).map(|n| (n, self.path(n), self.pager(n)))
    }

    /// The pager of page `n`.
    pub(super) fn pager(&self, n: usize) -> Pager {
        let total = self.total();
        let mut links = Vec::new();
        let mut last = 0;
        for k in 1..=total {
            let shown = k == 1 || k == total || k.abs_diff(n) <= AROUND;
            if !shown {
                continue;
            }
            if k > last + 1 {
                links.push(PageLink {
                    number: 0,
                    href: String::new(),
                    current: false,
                });
            }
            links.push(PageLink {
                number: k,
                href: self.path(k),
                current: k == n,
            });
            last = k;
        }
        Pager {
            number: n,
            total,
            offset: self.range(n).start,
            prev: (n > 1).then(|| self.path(n - 1)),
            next: (n < total).then(|| self.path(n + 1)),
            links,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_split_in_order_and_an_empty_list_has_one_page() {
        let s = Split::new(7, 3, "x/index.html", "x/");
        assert_eq!(s.total(), 3);
        assert_eq!(s.range(1), 0..3);
        assert_eq!(s.range(3), 6..7);
        assert_eq!(s.path(1), "x/index.html");
        assert_eq!(s.path(3), "x/trang-3.html");
        assert_eq!(s.path_of(5), "x/trang-2.html");
        assert_eq!(s.path_of(2), "x/index.html");
        let named = Split::named(4, 3, "so-cong-khai", "2026-q1");
        assert_eq!(named.path(1), "so-cong-khai/2026-q1.html");
        assert_eq!(named.path(2), "so-cong-khai/2026-q1-trang-2.html");
        let empty = Split::new(0, 3, "a.html", "a-");
        assert_eq!(empty.total(), 1);
        assert_eq!(empty.range(1), 0..0);
        assert!(empty.pager(1).prev.is_none() && empty.pager(1).next.is_none());
    }

    #[test]
    fn the_pager_chains_pages_and_stays_small() {
        let s = Split::new(1000, 10, "a.html", "a-");
        let p = s.pager(50);
        assert_eq!(p.prev.as_deref(), Some("a-trang-49.html"));
        assert_eq!(p.next.as_deref(), Some("a-trang-51.html"));
        assert_eq!(p.offset, 490);
        let numbers: Vec<usize> = p.links.iter().map(|l| l.number).collect();
        assert_eq!(numbers, vec![1, 0, 48, 49, 50, 51, 52, 0, 100]);
        assert!(p.links.iter().any(|l| l.current && l.number == 50));
        let first = s.pager(1);
        assert!(first.prev.is_none());
        let numbers: Vec<usize> = first.links.iter().map(|l| l.number).collect();
        assert_eq!(numbers, vec![1, 2, 3, 0, 100]);
        assert!(s.pager(100).next.is_none());
    }
}
